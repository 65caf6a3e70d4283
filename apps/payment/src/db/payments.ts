import type { Payment, Refund } from "../generated/prisma/client";
import type { Prisma, Tx } from "./client";

/** The customer and store as the reservation showed them at checkout (kept for the events). */
export interface CustomerSnapshot {
  id: string;
  name: string;
  email: string;
  phone?: string;
}
export interface StoreSnapshot {
  id: string;
  name: string;
  timeZone: string;
}

/** The json snapshot columns of a payment, typed. */
export function snapshotsOf(p: { customer: unknown; store: unknown }): { customer: CustomerSnapshot; store: StoreSnapshot } {
  return { customer: p.customer as CustomerSnapshot, store: p.store as StoreSnapshot };
}

const jsonOf = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

export function findPayment(db: Tx, id: string): Promise<Payment | null> {
  return db.payment.findUnique({ where: { id } });
}

export function getPayment(db: Tx, id: string): Promise<Payment> {
  return db.payment.findUniqueOrThrow({ where: { id } });
}

/** A payment with its refunds, oldest first. */
export function findPaymentWithRefunds(db: Tx, id: string): Promise<(Payment & { refunds: Refund[] }) | null> {
  return db.payment.findUnique({ where: { id }, include: { refunds: { orderBy: { requestedAt: "asc" } } } });
}

/** A payment with what identifies each of its refunds at PortOne. */
export function getPaymentWithRefundRefs(db: Tx, id: string) {
  return db.payment.findUniqueOrThrow({
    where: { id },
    include: { refunds: { select: { id: true, status: true, portoneCancellationId: true } } },
  });
}

export async function paymentExists(db: Tx, id: string): Promise<boolean> {
  return (await db.payment.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Our status of each of `ids` we hold a row for. */
export async function statusesOf(db: Tx, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.payment.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  return new Map(rows.map((p) => [p.id, p.status]));
}

export function findApprovedPaymentOf(db: Tx, reservationId: string): Promise<Payment | null> {
  return db.payment.findFirst({ where: { reservationId, status: { in: ["APPROVED"] } } });
}

/** The reservation's open payment (at most one: `open_reservation_id` is unique). */
export function findOpenPaymentOf(db: Tx, reservationId: string): Promise<Payment | null> {
  return db.payment.findUnique({ where: { openReservationId: reservationId } });
}

export async function paymentIdsOf(db: Tx, reservationId: string, statuses: string[]): Promise<string[]> {
  const rows = await db.payment.findMany({ where: { reservationId, status: { in: statuses } }, select: { id: true } });
  return rows.map((r) => r.id);
}

export function createPayment(db: Tx, data: Prisma.PaymentCreateInput): Promise<Payment> {
  return db.payment.create({ data });
}

export function setPayMethod(db: Tx, id: string, payMethod: string, channelKey: string): Promise<Payment> {
  return db.payment.update({ where: { id }, data: { payMethod, channelKey } });
}

/** Frees the reservation's open slot from a PENDING payment (a new one may open). */
export async function retireOpenPayment(db: Tx, id: string): Promise<void> {
  await db.payment.updateMany({ where: { id, status: "PENDING" }, data: { openReservationId: null } });
}

export async function noteLastError(db: Tx, id: string, lastError: string): Promise<void> {
  await db.payment.update({ where: { id }, data: { lastError } });
}

/** Keeps PortOne's latest view of the payment and clears the last error. */
export async function savePortOneSnapshot(db: Tx, id: string, theirs: unknown): Promise<void> {
  await db.payment.update({ where: { id }, data: { portonePayment: jsonOf(theirs), lastError: null } });
}

/** The refunded amount goes up by `amount`; returns the payment as it now is. */
export function creditRefund(db: Tx, id: string, amount: number): Promise<Payment> {
  return db.payment.update({ where: { id }, data: { refundedAmount: { increment: amount } } });
}

export async function scheduleNextCheck(db: Tx, id: string, at: Date): Promise<void> {
  await db.payment.update({ where: { id }, data: { nextCheckAt: at } });
}

/** Next reconciliation look, unless the payment left the states reconciliation settles. */
export async function scheduleNextCheckWhileUnsettled(db: Tx, id: string, at: Date): Promise<void> {
  await db.payment.updateMany({ where: { id, status: { in: ["PENDING", "CANCELLING"] } }, data: { nextCheckAt: at } });
}

/**
 * Compare-and-swap on the payment's status: the UPDATE only matches while the row is still in one
 * of `from`. Returns true for the one caller that moved it; every concurrent or later caller gets
 * false and must not emit anything (Cal.com PR #29966 is this exact race).
 */
export async function casStatus(db: Tx, id: string, from: string[], data: Prisma.PaymentUpdateManyMutationInput): Promise<boolean> {
  const { count } = await db.payment.updateMany({ where: { id, status: { in: from } }, data });
  return count === 1;
}

/**
 * Claims up to `limit` payments for reconciliation whose next check is due: PENDING ones older
 * than `olderThanMs`, CANCELLING ones, and APPROVED ones approved within `approvedWithinMs` (to
 * find cancellations made outside the app). `FOR UPDATE SKIP LOCKED` + pushing next_check_at
 * forward by the lease means each replica gets different rows and a crashed replica's rows come
 * back after the lease.
 */
export async function claimForReconciliation(
  db: Tx,
  opts: { olderThanMs: number; leaseMs: number; limit: number; approvedWithinMs: number },
): Promise<{ id: string; status: string }[]> {
  return db.$queryRaw<{ id: string; status: string }[]>`
    UPDATE payments SET next_check_at = now() + (${opts.leaseMs}::bigint * interval '1 millisecond'),
                        settle_attempts = settle_attempts + 1
    WHERE id IN (
      SELECT id FROM payments
      WHERE next_check_at <= now()
        AND (status = 'CANCELLING'
             OR (status = 'PENDING' AND created_at <= now() - (${opts.olderThanMs}::bigint * interval '1 millisecond'))
             OR (status = 'APPROVED' AND approved_at >= now() - (${opts.approvedWithinMs}::bigint * interval '1 millisecond')))
      -- money waiting to be settled first; the re-check of approved ones (possibly a backlog) after
      ORDER BY (status = 'APPROVED'), next_check_at
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, status`;
}

/** Which of `keys` carried a payment through a TEST channel (PortOne's Payment object we kept). */
export async function testChannelKeysAmong(db: Tx, keys: string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT portone_payment->'channel'->>'key' AS key
    FROM payments
    WHERE portone_payment->'channel'->>'type' = 'TEST' AND portone_payment->'channel'->>'key' = ANY(${keys})`;
  return new Set(rows.map((r) => r.key));
}
