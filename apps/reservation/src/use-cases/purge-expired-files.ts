import type { PrismaClient } from "../db/client";
import { claimUploadsPastRetention, markUploadsDeleted } from "../db/uploads";
import type { FileStorage } from "../storage/storage";

export interface RetentionOptions {
  /** days after pickup, cancellation, refund or expiry */
  retentionDays: number;
  /** days for an upload that no reservation uses */
  unusedDays: number;
  batch?: number;
}

/**
 * Deletes uploaded files N days after every reservation that uses them has ended (picked up,
 * cancelled, refunded or expired), and unused uploads after their own period. One transaction
 * per batch: if the store fails, the batch rolls back and the next run retries (storage deletes
 * are idempotent). Returns how many were deleted.
 */
export async function purgeExpiredFiles(
  d: { prisma: PrismaClient; storage: FileStorage },
  opts: RetentionOptions,
  now: Date = new Date(),
): Promise<number> {
  const closedBefore = new Date(now.getTime() - opts.retentionDays * 86_400_000);
  const unusedBefore = new Date(now.getTime() - opts.unusedDays * 86_400_000);
  const batch = opts.batch ?? 100;
  let total = 0;
  for (;;) {
    const n = await d.prisma.$transaction(
      async (tx) => {
        const rows = await claimUploadsPastRetention(tx, closedBefore, unusedBefore, batch);
        for (const row of rows) await d.storage.delete(row.storage_key);
        if (rows.length > 0)
          await markUploadsDeleted(
            tx,
            rows.map((r) => r.id),
            now,
          );
        return rows.length;
      },
      // a batch deletes up to `batch` objects from the store inside it
      { maxWait: 15_000, timeout: 120_000 },
    );
    total += n;
    if (n < batch) return total;
  }
}
