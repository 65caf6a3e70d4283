import type { Payment, Refund } from "../generated/prisma/client";
import type { Prisma, Tx } from "./client";

const jsonOf = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/** A REQUESTED refund row; the same refund id again inserts nothing. Returns how many were inserted. */
export async function insertRequestedRefund(
  db: Tx,
  r: {
    id: string;
    paymentId: string;
    reservationId: string;
    amount: number;
    reason: string;
    actor: Prisma.InputJsonValue;
    requestEventId: string;
  },
): Promise<number> {
  const { count } = await db.refund.createMany({ data: [r], skipDuplicates: true });
  return count;
}

export function findRefundWithPayment(db: Tx, id: string): Promise<Refund & { payment: Payment }> {
  return db.refund.findUniqueOrThrow({ where: { id }, include: { payment: true } });
}

/** Refunds still REQUESTED whose retry is due; same lease scheme as payments. */
export async function claimRefunds(db: Tx, opts: { leaseMs: number; limit: number }): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    UPDATE refunds SET next_attempt_at = now() + (${opts.leaseMs}::bigint * interval '1 millisecond')
    WHERE id IN (
      SELECT id FROM refunds WHERE status = 'REQUESTED' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${opts.limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`;
}

/** Takes one refund for processing (lease), unless another worker holds it or it is done. */
export async function claimRefund(db: Tx, id: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE refunds SET attempts = attempts + 1, next_attempt_at = now() + (${leaseMs}::bigint * interval '1 millisecond')
    WHERE id = ${id} AND status = 'REQUESTED' AND next_attempt_at <= now()`;
  return n === 1;
}

export async function countRefundAttempt(db: Tx, id: string): Promise<void> {
  await db.refund.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

export async function scheduleRefundRetry(db: Tx, id: string, lastError: string, at: Date): Promise<void> {
  await db.refund.update({ where: { id }, data: { lastError, nextAttemptAt: at } });
}

/** An asynchronous cancellation PortOne accepted: kept so a later attempt can find it. */
export async function notePendingCancellation(db: Tx, id: string, cancellationId: string | null, response: unknown): Promise<void> {
  await db.refund.update({ where: { id }, data: { portoneCancellationId: cancellationId, portoneResponse: jsonOf(response) } });
}

/** REQUESTED → SUCCEEDED, once: true for the one caller that moved it. */
export async function completeRefund(db: Tx, id: string, c: { id: string }, completedAt: Date): Promise<boolean> {
  const { count } = await db.refund.updateMany({
    where: { id, status: "REQUESTED" },
    data: { status: "SUCCEEDED", portoneCancellationId: c.id, portoneResponse: jsonOf(c), completedAt, lastError: null },
  });
  return count === 1;
}

/** REQUESTED → FAILED, once: true for the one caller that moved it. */
export async function failRefund(
  db: Tx,
  id: string,
  f: { errorType: string; message: string; body: unknown },
  completedAt: Date,
): Promise<boolean> {
  const { count } = await db.refund.updateMany({
    where: { id, status: "REQUESTED" },
    data: {
      status: "FAILED",
      errorType: f.errorType,
      errorMessage: f.message,
      portoneResponse: f.body === undefined ? undefined : jsonOf(f.body),
      completedAt,
    },
  });
  return count === 1;
}

/** A FAILED refund whose cancellation went through at PortOne → SUCCEEDED, once. */
export async function reviveFailedRefund(db: Tx, id: string, c: { id: string; totalAmount: number }, completedAt: Date): Promise<boolean> {
  const { count } = await db.refund.updateMany({
    where: { id, status: "FAILED" },
    data: {
      status: "SUCCEEDED",
      amount: c.totalAmount,
      portoneCancellationId: c.id,
      portoneResponse: jsonOf(c),
      completedAt,
      errorType: null,
      errorMessage: null,
      lastError: null,
    },
  });
  return count === 1;
}

/**
 * A SUCCEEDED refund for a cancellation made outside the app, keyed by PortOne's cancellation id
 * (unique): true when inserted, false when it was recorded already.
 */
export async function insertExternalRefund(
  db: Tx,
  r: {
    id: string;
    paymentId: string;
    reservationId: string;
    amount: number;
    reason: string;
    actor: string;
    cancellation: { id: string };
    requestedAt: Date;
    completedAt: Date;
  },
): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO refunds (id, payment_id, reservation_id, amount, reason, actor, status, portone_cancellation_id, portone_response, requested_at, completed_at)
    VALUES (${r.id}, ${r.paymentId}, ${r.reservationId}, ${r.amount}, ${r.reason}, ${JSON.stringify({ type: "EXTERNAL", actor: r.actor })}::jsonb,
            'SUCCEEDED', ${r.cancellation.id}, ${JSON.stringify(jsonOf(r.cancellation))}::jsonb, ${r.requestedAt}, ${r.completedAt})
    ON CONFLICT (portone_cancellation_id) DO NOTHING`;
  return inserted === 1;
}
