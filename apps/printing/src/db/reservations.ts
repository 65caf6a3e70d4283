import type { Tx } from "./client";

export interface NewPrintReservation {
  id: string;
  storeId: string;
  storeName: string;
  storeTimeZone: string;
  customerName: string;
  slotStartsAt: Date;
  slotEndsAt: Date;
  pickupCodeHash: string;
  purgeAfter: Date;
}

export const insertReservation = (tx: Tx, r: NewPrintReservation) => tx.printReservation.create({ data: r });

export const reservationById = (tx: Tx, id: string) => tx.printReservation.findUnique({ where: { id } });

export const reservationWithJobs = (tx: Tx, id: string) =>
  tx.printReservation.findUnique({ where: { id }, include: { jobs: { orderBy: { createdAt: "asc" } } } });

/** Reservations of the store whose code hashes to `hash` (codes are not unique across days). */
export const reservationsByCode = (tx: Tx, storeId: string, hash: string) =>
  tx.printReservation.findMany({ where: { storeId, pickupCodeHash: hash }, orderBy: { slotStartsAt: "desc" } });

/** Locks the row for the rest of the transaction (release, refund and purge of one reservation serialise). */
export async function lockReservation(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM print_reservations WHERE id = ${id} FOR UPDATE`;
}

export async function setReservationStatus(tx: Tx, id: string, status: string, at: Date): Promise<void> {
  const stamp =
    status === "RELEASED" ? { releasedAt: at } : status === "REFUNDED" ? { refundedAt: at } : status === "PURGED" ? { purgedAt: at } : {};
  await tx.printReservation.update({ where: { id }, data: { status, ...stamp } });
}

/**
 * Reservations whose window has ended and are not purged yet, oldest first, locked for the
 * caller's transaction; rows another replica is purging right now are skipped.
 */
export async function purgeDue(tx: Tx, now: Date, limit: number) {
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM print_reservations WHERE status <> 'PURGED' AND purge_after <= ${now}
    ORDER BY purge_after LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  if (ids.length === 0) return [];
  return tx.printReservation.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    include: { jobs: true },
    orderBy: { purgeAfter: "asc" },
  });
}
