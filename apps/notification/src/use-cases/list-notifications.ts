import { badRequest } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { countUnread, findPage } from "../db/notifications";
import { decodeCursor, encodeCursor, toItem, type InboxItem } from "../domain/inbox-item";

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unreadCount: number;
}

/**
 * One page of the audience's inbox with its unread count, both read in one REPEATABLE READ
 * transaction: as two separate queries, a notification written between them made the count
 * disagree with the page (an unread item listed under "0 unread").
 */
export async function listNotifications(
  prisma: PrismaClient,
  audience: string,
  q: { limit: number; cursor?: string; unreadOnly: boolean },
): Promise<InboxPage> {
  let beforeId: string | undefined;
  if (q.cursor) {
    beforeId = decodeCursor(q.cursor);
    if (!beforeId) throw badRequest("INVALID_CURSOR", "The cursor is not valid; start again without it.");
  }
  const [rows, unreadCount] = await prisma.$transaction(
    [findPage(prisma, audience, { limit: q.limit, beforeId, unreadOnly: q.unreadOnly }), countUnread(prisma, audience)],
    {
      isolationLevel: "RepeatableRead",
    },
  );
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(toItem);
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null, unreadCount };
}
