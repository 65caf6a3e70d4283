import { pruneInbox } from "@preprint/messaging";
import {
  daysMs,
  deleteOlderThan,
  hoursMs,
  retentionJob as kitRetentionJob,
  purgeIdempotencyKeys,
  type JobSpec,
  type Logger,
} from "@preprint/service-kit";
import type { PaymentConfig } from "../config";
import type { PrismaClient } from "../db/client";

type RetentionConfig = Pick<
  PaymentConfig,
  | "RETENTION_INTERVAL_MS"
  | "IDEMPOTENCY_KEY_RETENTION_HOURS"
  | "INBOX_RETENTION_DAYS"
  | "WEBHOOK_RECEIPT_RETENTION_DAYS"
  | "PORTONE_COOLDOWN_MS"
>;

/**
 * Tables that would otherwise only grow, each emptied of rows past its period in SKIP LOCKED
 * batches (safe with N replicas): stored Idempotency-Key responses (the checkout answer carries
 * the customer's name, e-mail and phone), consumed event ids, PortOne webhook receipts (PortOne
 * re-sends a webhook for hours, not weeks; settlement is idempotent beyond that) and cooldown
 * gates (meaningless once their cooldown has passed).
 */
export function retentionJob(prisma: PrismaClient, c: RetentionConfig, logger: Logger): JobSpec {
  const before = (now: Date, ms: number) => new Date(now.getTime() - ms);
  return kitRetentionJob({
    name: "retention",
    intervalMs: c.RETENTION_INTERVAL_MS,
    logger,
    tasks: [
      { name: "idempotency_keys", run: (now) => purgeIdempotencyKeys(prisma, before(now, hoursMs(c.IDEMPOTENCY_KEY_RETENTION_HOURS))) },
      { name: "inbox_events", run: () => pruneInbox(prisma, { olderThanMs: daysMs(c.INBOX_RETENTION_DAYS) }) },
      {
        name: "webhook_receipts",
        run: (now) =>
          deleteOlderThan(prisma, {
            table: "webhook_receipts",
            column: "received_at",
            olderThan: before(now, daysMs(c.WEBHOOK_RECEIPT_RETENTION_DAYS)),
          }),
      },
      {
        name: "portone_call_gates",
        run: (now) =>
          deleteOlderThan(prisma, {
            table: "portone_call_gates",
            column: "called_at",
            olderThan: before(now, Math.max(c.PORTONE_COOLDOWN_MS, hoursMs(1))),
          }),
      },
    ],
  });
}
