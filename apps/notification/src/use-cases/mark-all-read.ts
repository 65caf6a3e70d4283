import type { PrismaClient } from "../db/client";
import { setAllRead } from "../db/notifications";

export async function markAllRead(prisma: PrismaClient, audience: string): Promise<{ marked: number }> {
  return { marked: await setAllRead(prisma, audience) };
}
