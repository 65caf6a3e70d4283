import { TX_OPTIONS, type PrismaClient } from "../db/client";
import { facts } from "../db/events";
import { claimDueHolds, lockReservation } from "../db/reservations";
import { move } from "../db/transitions";

const BATCH = 100;

/**
 * Expires unpaid holds past expiresAt, one transaction per batch of 100 (SKIP LOCKED, so N
 * replicas share the work and never both expire the same row), releasing capacity and emitting
 * `reservation.expired`. Returns how many expired.
 */
export async function expireReservations(d: { prisma: PrismaClient }, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await d.prisma.$transaction(async (tx) => {
      let expired = 0;
      for (const id of await claimDueHolds(tx, now, BATCH)) {
        const r = await lockReservation(tx, id);
        if (!r || r.status !== "PENDING_PAYMENT") continue;
        await move(tx, r, "EXPIRE", { type: "SYSTEM", id: "expiry" }, `not paid by ${r.expiresAt.toISOString()}`, {}, [
          { type: "reservation.expired", data: { reservationId: r.id, ...facts(r), expiredAt: now.toISOString() } },
        ]);
        expired++;
      }
      return expired;
    }, TX_OPTIONS);
    total += n;
    if (n < BATCH) return total;
  }
}
