import type { JobSpec, Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { pruneStream } from "../db/stream";

/**
 * Deletes live-push events older than the retention window (they only serve reconnects; the inbox
 * keeps the notifications themselves). A plain DELETE by age: harmless when N replicas run it.
 * First run one interval after start.
 */
export function streamRetentionJob(prisma: PrismaClient, logger: Logger, retentionHours: number, everyMs = 3_600_000): JobSpec {
  return {
    name: "stream-retention",
    intervalMs: everyMs,
    initialDelayMs: everyMs,
    async run() {
      const n = await pruneStream(prisma, new Date(Date.now() - retentionHours * 3_600_000));
      if (n > 0) logger.info({ deleted: n }, "pruned live-push events");
    },
  };
}
