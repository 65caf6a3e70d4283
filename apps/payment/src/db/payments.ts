import type { Prisma, PrismaClient, Tx } from "./prisma";

/**
 * Compare-and-swap on the payment's status: the UPDATE only matches while the row is still in one
 * of `from`. Returns true for the one caller that moved it; every concurrent or later caller gets
 * false and must not emit anything (Cal.com PR #29966 is this exact race).
 */
export async function casStatus(db: Tx | PrismaClient, id: string, from: string[], data: Prisma.PaymentUpdateManyMutationInput): Promise<boolean> {
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
  db: PrismaClient,
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

/** Refunds still REQUESTED whose retry is due; same lease scheme as payments. */
export async function claimRefunds(db: PrismaClient, opts: { leaseMs: number; limit: number }): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    UPDATE refunds SET next_attempt_at = now() + (${opts.leaseMs}::bigint * interval '1 millisecond')
    WHERE id IN (
      SELECT id FROM refunds WHERE status = 'REQUESTED' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${opts.limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`;
}

/** Takes one refund for processing (lease), unless another worker holds it or it is done. */
export async function claimRefund(db: PrismaClient, id: string, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE refunds SET attempts = attempts + 1, next_attempt_at = now() + (${leaseMs}::bigint * interval '1 millisecond')
    WHERE id = ${id} AND status = 'REQUESTED' AND next_attempt_at <= now()`;
  return n === 1;
}
