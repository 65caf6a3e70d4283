import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import type { FileStorage } from "../storage/storage";
import { PeriodicJob } from "./periodic";

export interface RetentionOptions {
  /** days after pickup, cancellation, refund or expiry */
  retentionDays: number;
  /** days for an upload that no reservation uses */
  unusedDays: number;
  batch?: number;
}

/**
 * Deletes uploaded files N days after every reservation that uses them has ended (picked up,
 * cancelled, refunded or expired), and unused uploads after their own period. Rows are claimed
 * with SKIP LOCKED so replicas split the work; storage deletes are idempotent.
 */
export async function purgeFiles(prisma: PrismaClient, storage: FileStorage, opts: RetentionOptions, now: Date = new Date()): Promise<number> {
  const closedBefore = new Date(now.getTime() - opts.retentionDays * 86_400_000);
  const unusedBefore = new Date(now.getTime() - opts.unusedDays * 86_400_000);
  const batch = opts.batch ?? 100;
  let total = 0;
  for (;;) {
    const n = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRawUnsafe<{ id: string; storage_key: string }[]>(
          `SELECT u.id, u.storage_key FROM uploads u
           WHERE u.deleted_at IS NULL AND (
             (NOT EXISTS (SELECT 1 FROM reservation_items i WHERE i.upload_id = u.id) AND u.created_at < $2)
             OR (EXISTS (SELECT 1 FROM reservation_items i WHERE i.upload_id = u.id)
                 AND NOT EXISTS (SELECT 1 FROM reservation_items i JOIN reservations r ON r.id = i.reservation_id
                                 WHERE i.upload_id = u.id AND (r.closed_at IS NULL OR r.closed_at >= $1))))
           ORDER BY u.created_at LIMIT $3 FOR UPDATE OF u SKIP LOCKED`,
          closedBefore,
          unusedBefore,
          batch,
        );
        for (const row of rows) await storage.delete(row.storage_key);
        if (rows.length > 0) await tx.upload.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { deletedAt: now } });
        return rows.length;
      },
      { maxWait: 15_000, timeout: 120_000 },
    );
    total += n;
    if (n < batch) return total;
  }
}

export function retentionJob(prisma: PrismaClient, storage: FileStorage, opts: RetentionOptions, intervalMs: number, logger: Logger): PeriodicJob {
  return new PeriodicJob("retention", intervalMs, async () => {
    const n = await purgeFiles(prisma, storage, opts);
    if (n > 0) logger.info({ deleted: n }, "deleted files past retention");
  }, logger);
}
