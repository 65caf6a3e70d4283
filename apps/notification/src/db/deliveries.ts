import type { PrismaClient } from "./client";

/** A due e-mail, claimed: its lease is ours and its attempt is counted. */
export interface ClaimedEmail {
  id: string;
  attempts: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
}

/**
 * Claims up to `batchSize` due PENDING e-mails with `FOR UPDATE SKIP LOCKED` and a lease: two
 * workers never take the same row, and a row whose worker died is due again when its lease ends.
 * Counts the attempt as it claims.
 */
export function claimDueEmails(prisma: PrismaClient, o: { leaseMs: number; batchSize: number }): Promise<ClaimedEmail[]> {
  return prisma.$queryRaw<ClaimedEmail[]>`
    UPDATE deliveries d
       SET lease_until = now() + (${o.leaseMs}::int * interval '1 millisecond'),
           attempts = d.attempts + 1,
           updated_at = now()
     WHERE d.id IN (
       SELECT id FROM deliveries
        WHERE channel = 'EMAIL' AND status = 'PENDING' AND next_attempt_at <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at
        LIMIT ${o.batchSize}::int
        FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.attempts, d.to_address, d.subject, d.text_body, d.html_body`;
}

export async function recordSent(prisma: PrismaClient, id: string, providerRef: string): Promise<void> {
  await prisma.delivery.updateMany({
    where: { id, status: "PENDING" },
    data: { status: "SENT", sentAt: new Date(), providerRef, leaseUntil: null, reason: null },
  });
}

export async function recordGivenUp(prisma: PrismaClient, id: string, reason: string): Promise<void> {
  await prisma.delivery.updateMany({ where: { id, status: "PENDING" }, data: { status: "FAILED", reason, leaseUntil: null } });
}

export async function recordRetry(prisma: PrismaClient, id: string, reason: string, nextAttemptAt: Date): Promise<void> {
  await prisma.delivery.updateMany({ where: { id, status: "PENDING" }, data: { reason, leaseUntil: null, nextAttemptAt } });
}
