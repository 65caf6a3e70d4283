import type { PrismaClient } from "../db/client";
import { countUnread as countUnreadOf } from "../db/notifications";

export async function countUnread(prisma: PrismaClient, audience: string): Promise<{ count: number }> {
  return { count: await countUnreadOf(prisma, audience) };
}
