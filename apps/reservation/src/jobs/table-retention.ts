import { pruneInbox } from "@preprint/messaging";
import { daysMs, hoursMs, purgeIdempotencyKeys, retentionJob, type JobSpec, type Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";

export interface TableRetentionOptions {
  idempotencyKeyHours: number;
  inboxDays: number;
  intervalMs: number;
}

/**
 * Stored Idempotency-Key responses and consumed event ids, each deleted after its period.
 * `inbox` runs the inbox deletes: the messaging pool in the service, any client in tests.
 */
export function tableRetentionJob(
  prisma: PrismaClient,
  inbox: Parameters<typeof pruneInbox>[0],
  o: TableRetentionOptions,
  logger: Logger,
): JobSpec {
  return retentionJob({
    name: "table-retention",
    tasks: [
      { name: "idempotency_keys", run: (now) => purgeIdempotencyKeys(prisma, new Date(now.getTime() - hoursMs(o.idempotencyKeyHours))) },
      { name: "inbox_events", run: () => pruneInbox(inbox, { olderThanMs: daysMs(o.inboxDays) }) },
    ],
    intervalMs: o.intervalMs,
    logger,
  });
}
