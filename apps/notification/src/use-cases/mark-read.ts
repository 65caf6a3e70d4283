import { notFound } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findOfAudience, setRead } from "../db/notifications";
import { toItem, type InboxItem } from "../domain/inbox-item";

/** Marks one of the audience's notifications read (idempotent: the first read time is kept). */
export async function markRead(prisma: PrismaClient, audience: string, id: string): Promise<InboxItem> {
  await setRead(prisma, audience, id);
  const n = await findOfAudience(prisma, audience, id);
  // someone else's notification is "not found", not "forbidden": ids are not confirmed to strangers
  if (!n) throw notFound("Notification", "NOTIFICATION_NOT_FOUND");
  return toItem(n);
}
