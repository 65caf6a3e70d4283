import { pruneInbox } from "@preprint/messaging";
import { daysMs, retentionJob, type JobSpec, type Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";

/**
 * Forgets consumed event ids after `inboxDays` (longer than a message can wait in the broker's
 * retry queues or the DLQ before a replay). Batched SKIP LOCKED deletes: safe with N replicas.
 */
export function inboxRetentionJob(prisma: PrismaClient, o: { inboxDays: number; intervalMs: number }, logger: Logger): JobSpec {
  return retentionJob({
    name: "inbox-retention",
    tasks: [{ name: "inbox_events", run: () => pruneInbox(prisma, { olderThanMs: daysMs(o.inboxDays) }) }],
    intervalMs: o.intervalMs,
    logger,
  });
}
