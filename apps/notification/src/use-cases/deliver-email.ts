import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { claimDueEmails, recordGivenUp, recordRetry, recordSent, type ClaimedEmail } from "../db/deliveries";
import { retryDelayMs } from "../domain/delivery";
import { wellFormed } from "../domain/text";
import { isPermanentMailError, type Mailer } from "../mail/mailer";
import { notificationMetrics } from "../telemetry/metrics";

export interface EmailDeliveryOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** a claimed row is ours until then; a crashed worker's rows are taken over after it (default 2 min) */
  leaseMs?: number;
  /** rows claimed per batch (default 10) */
  batchSize?: number;
}

export interface DeliverEmailDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  logger: Logger;
  options: EmailDeliveryOptions;
}

/**
 * Sends the e-mails that are due, batch by batch, outside any consumer transaction, until a batch
 * comes back short or `signal` aborts. Safe with N replicas: rows are claimed with SKIP LOCKED and
 * a lease, and a resend after a crash carries the same Message-ID. Failures back off
 * exponentially; a permanent SMTP error or the last attempt records the e-mail FAILED (given up).
 */
export async function deliverDueEmails(deps: DeliverEmailDeps, signal?: AbortSignal): Promise<number> {
  const batchSize = deps.options.batchSize ?? 10;
  let total = 0;
  for (;;) {
    const claimed = await claimDueEmails(deps.prisma, { leaseMs: deps.options.leaseMs ?? 120_000, batchSize });
    for (const row of claimed) await deliver(deps, row);
    total += claimed.length;
    if (claimed.length < batchSize || signal?.aborted) return total;
  }
}

async function deliver(deps: DeliverEmailDeps, row: ClaimedEmail): Promise<void> {
  const { prisma, logger, options } = deps;
  try {
    const ref = await deps.mailer.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body });
    await recordSent(prisma, row.id, ref);
    notificationMetrics.sent("email");
    logger.info({ deliveryId: row.id, attempts: row.attempts }, "e-mail sent");
  } catch (err) {
    // a server's reply is text from outside: stored, so made storable (no NUL, no half surrogate pair)
    const reason = wellFormed((err instanceof Error ? err.message : String(err)).slice(0, 1000));
    const permanent = isPermanentMailError(err);
    if (permanent || row.attempts >= options.maxAttempts) {
      await recordGivenUp(prisma, row.id, permanent ? `permanent: ${reason}` : reason);
      logger.error({ deliveryId: row.id, attempts: row.attempts, permanent, err: reason }, "e-mail given up");
      notificationMetrics.failed("email");
    } else {
      const delay = retryDelayMs(row.attempts, options.retryBaseMs, options.retryMaxMs);
      await recordRetry(prisma, row.id, reason, new Date(Date.now() + delay));
      logger.warn({ deliveryId: row.id, attempts: row.attempts, retryInMs: delay, err: reason }, "e-mail failed; will retry");
    }
  }
}
