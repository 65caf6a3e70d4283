import type { PrismaClient } from "../db/client";
import { savePreference } from "../db/preferences";
import { preferencesOf, type Preferences } from "../domain/preferences";

/** Switches a customer's optional e-mails on or off (the legally required ones are sent either way). */
export async function changePreferences(prisma: PrismaClient, userId: string, emailEnabled: boolean): Promise<Preferences> {
  return preferencesOf((await savePreference(prisma, userId, emailEnabled)).emailEnabled);
}
