import type { PrismaClient } from "../db/client";
import { findPreference } from "../db/preferences";
import { preferencesOf, type Preferences } from "../domain/preferences";

/** A customer's e-mail preference; e-mail is on until they switch it off. */
export async function readPreferences(prisma: PrismaClient, userId: string): Promise<Preferences> {
  return preferencesOf((await findPreference(prisma, userId))?.emailEnabled ?? true);
}
