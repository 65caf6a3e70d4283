import { TX_OPTIONS, type PrismaClient, type Tx } from "../db/client";
import { lockReservation, type LoadedReservation, type ReservationWithRefunds } from "../db/reservations";
import type { Actor } from "../db/transitions";
import { asStateConflict, reservationNotFound } from "./errors";
import { showStaffReservation } from "./show-staff-reservation";

export interface StaffStepInput {
  reservationId: string;
  /** the store the staff member works at */
  storeId: string;
  staffId: string;
}

/**
 * The frame every staff step shares: lock the reservation of the staff member's store, apply
 * `step` in one transaction, answer with the reservation as staff see it.
 */
export async function staffStep(
  d: { prisma: PrismaClient },
  input: StaffStepInput,
  step: (tx: Tx, r: LoadedReservation, actor: Actor) => Promise<unknown>,
): Promise<ReservationWithRefunds> {
  try {
    await d.prisma.$transaction(async (tx) => {
      const r = await lockReservation(tx, input.reservationId);
      if (!r || r.storeId !== input.storeId) throw reservationNotFound();
      await step(tx, r, { type: "STAFF", id: input.staffId });
    }, TX_OPTIONS);
  } catch (err) {
    throw asStateConflict(err);
  }
  return showStaffReservation(d, input.reservationId, input.storeId);
}
