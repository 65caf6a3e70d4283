import type { Prisma, PrismaClient, Tx } from "./client";

export type NotificationRow = Prisma.NotificationGetPayload<object>;

export function insertNotification(tx: Tx, data: Prisma.NotificationUncheckedCreateInput): Promise<NotificationRow> {
  return tx.notification.create({ data });
}

export async function insertDeliveries(tx: Tx, rows: Prisma.DeliveryCreateManyInput[]): Promise<void> {
  await tx.delivery.createMany({ data: rows });
}

/**
 * One page of an audience's inbox, newest first (ids are ULIDs, so id order is creation order to
 * the millisecond), one row more than `limit` to tell whether another page follows. A query, not
 * awaited here: the caller batches it with `countUnread` in one snapshot.
 */
export function findPage(prisma: PrismaClient, audience: string, o: { limit: number; beforeId?: string; unreadOnly?: boolean }) {
  return prisma.notification.findMany({
    where: { audience, ...(o.beforeId ? { id: { lt: o.beforeId } } : {}), ...(o.unreadOnly ? { readAt: null } : {}) },
    orderBy: { id: "desc" },
    take: o.limit + 1,
  });
}

export function countUnread(prisma: PrismaClient, audience: string) {
  return prisma.notification.count({ where: { audience, readAt: null } });
}

/** Sets readAt on one of the audience's notifications unless it is already read (the first read time is kept). */
export async function setRead(db: Tx, audience: string, id: string): Promise<void> {
  await db.notification.updateMany({ where: { id, audience, readAt: null }, data: { readAt: new Date() } });
}

export function findOfAudience(db: Tx, audience: string, id: string): Promise<NotificationRow | null> {
  return db.notification.findFirst({ where: { id, audience } });
}

export async function setAllRead(db: Tx, audience: string): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { audience, readAt: null }, data: { readAt: new Date() } });
  return count;
}
