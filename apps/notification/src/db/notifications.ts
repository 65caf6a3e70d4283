import { newId } from "@preprint/contracts";
import type { NotificationSpec } from "../domain/messages";
import { storable } from "../domain/text";
import type { RenderedMessage } from "../templates/templates";
import type { Prisma, PrismaClient, Tx } from "./client";
import { appendToStream } from "./stream";

export const CHANNEL = { inApp: "IN_APP", email: "EMAIL" } as const;
export const STATUS = { pending: "PENDING", sent: "SENT", failed: "FAILED", skipped: "SKIPPED", delivered: "DELIVERED" } as const;

export interface StoredNotification {
  id: string;
  emailPending: boolean;
}

/** Serialized shape of an inbox item (HTTP list and live push). */
export function toItem(n: { id: string; type: string; title: string; body: string; data: unknown; createdAt: Date; readAt: Date | null }) {
  return { id: n.id, type: n.type, title: n.title, body: n.body, data: n.data, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null };
}

/**
 * Stores the notification with one delivery row per channel and appends it to the audience's live
 * stream, in the caller's transaction (the one that also claimed the inbox row). The e-mail is only
 * queued here (PENDING); the delivery worker sends it after commit.
 */
export async function storeNotification(tx: Tx, eventId: string, spec: NotificationSpec, msg: RenderedMessage): Promise<StoredNotification> {
  let emailStatus: string | undefined;
  let emailReason: string | undefined;
  if (spec.email !== "none" && spec.recipient) {
    if (spec.email === "optional") {
      const pref = await tx.preference.findUnique({ where: { userId: spec.recipient.userId } });
      if (pref && !pref.emailEnabled) {
        emailStatus = STATUS.skipped;
        emailReason = "OPTED_OUT";
      }
    }
    emailStatus ??= STATUS.pending;
  }

  const notification = await tx.notification.create({
    data: {
      id: newId("ntf"),
      audience: spec.audience,
      type: spec.type,
      eventId,
      title: msg.subject,
      body: msg.inApp,
      data: storable(spec.data) as object,
    },
  });
  const deliveries: Prisma.DeliveryCreateManyInput[] = [
    { id: newId("dlv"), notificationId: notification.id, eventId, channel: CHANNEL.inApp, status: STATUS.delivered, sentAt: notification.createdAt },
  ];
  if (emailStatus) {
    const pending = emailStatus === STATUS.pending;
    deliveries.push({
      id: newId("dlv"),
      notificationId: notification.id,
      eventId,
      channel: CHANNEL.email,
      status: emailStatus,
      reason: emailReason,
      toAddress: spec.recipient!.email,
      // an opted-out e-mail keeps no copy of the message
      subject: pending ? msg.subject : null,
      textBody: pending ? msg.email?.text : null,
      htmlBody: pending ? msg.email?.html : null,
    });
  }
  await tx.delivery.createMany({ data: deliveries });
  await appendToStream(tx, spec.audience, "notification", toItem(notification));
  return { id: notification.id, emailPending: emailStatus === STATUS.pending };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^ntf_[0-9A-Z]{26}$/.test(id) ? id : undefined;
}

/**
 * One page of the inbox, newest first (ids are ULIDs, so id order is creation order to the
 * millisecond), with the audience's unread count. Both are read in one REPEATABLE READ
 * transaction: as two separate queries, a notification written between them made the count
 * disagree with the page (an unread item listed under "0 unread").
 */
export async function inboxPage(prisma: PrismaClient, audience: string, opts: { limit: number; beforeId?: string; unreadOnly?: boolean }) {
  const [rows, unreadCount] = await prisma.$transaction(
    [
      prisma.notification.findMany({
        where: { audience, ...(opts.beforeId ? { id: { lt: opts.beforeId } } : {}), ...(opts.unreadOnly ? { readAt: null } : {}) },
        orderBy: { id: "desc" },
        take: opts.limit + 1,
      }),
      prisma.notification.count({ where: { audience, readAt: null } }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  const more = rows.length > opts.limit;
  const items = rows.slice(0, opts.limit).map(toItem);
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null, unreadCount };
}

export function unreadCount(prisma: PrismaClient, audience: string): Promise<number> {
  return prisma.notification.count({ where: { audience, readAt: null } });
}

/** Marks one of the audience's notifications read (idempotent: the first read time is kept). */
export async function markRead(prisma: PrismaClient, audience: string, id: string) {
  await prisma.notification.updateMany({ where: { id, audience, readAt: null }, data: { readAt: new Date() } });
  const n = await prisma.notification.findFirst({ where: { id, audience } });
  return n ? toItem(n) : undefined;
}

export async function markAllRead(prisma: PrismaClient, audience: string): Promise<number> {
  const { count } = await prisma.notification.updateMany({ where: { audience, readAt: null }, data: { readAt: new Date() } });
  return count;
}
