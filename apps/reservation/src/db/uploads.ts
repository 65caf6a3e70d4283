import type { PrismaClient, Tx } from "./client";

type Db = PrismaClient | Tx;

export function findUpload(db: Db, id: string) {
  return db.upload.findUnique({ where: { id } });
}

/** The customer's uploads among `ids` that are still stored. */
export function findOwnedUploads(db: Db, ownerId: string, ids: string[]) {
  return db.upload.findMany({ where: { id: { in: ids }, ownerId, deletedAt: null } });
}

export function insertUpload(
  db: Db,
  u: { id: string; ownerId: string; fileName: string; pages: number; sizeBytes: number; sha256: string; storageKey: string },
) {
  return db.upload.create({ data: u });
}

/**
 * Uploads whose retention has run out: every reservation using them closed before `closedBefore`,
 * or none uses them and they were made before `unusedBefore`. Claimed with SKIP LOCKED so
 * replicas split the work.
 */
export function claimUploadsPastRetention(tx: Tx, closedBefore: Date, unusedBefore: Date, batch: number) {
  return tx.$queryRawUnsafe<{ id: string; storage_key: string }[]>(
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
}

export async function markUploadsDeleted(tx: Tx, ids: string[], at: Date): Promise<void> {
  await tx.upload.updateMany({ where: { id: { in: ids } }, data: { deletedAt: at } });
}
