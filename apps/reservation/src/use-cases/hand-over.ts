import { AppError } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { facts } from "../db/events";
import type { ReservationWithRefunds } from "../db/reservations";
import { move } from "../db/transitions";
import { staffStep, type StaffStepInput } from "./staff-step";

/** Staff hand the prints over against the customer's pickup code: READY → PICKED_UP. */
export function handOver(
  d: { prisma: PrismaClient },
  input: StaffStepInput & { pickupCode: string; now: Date },
): Promise<ReservationWithRefunds> {
  return staffStep(d, input, (tx, r, actor) => {
    if (r.status === "READY" && input.pickupCode !== r.pickupCode) {
      throw new AppError(422, "PICKUP_CODE_MISMATCH", "The pickup code does not match this reservation.");
    }
    return move(tx, r, "PICK_UP", actor, "handed over to the customer", {}, [
      { type: "reservation.picked-up", data: { reservationId: r.id, ...facts(r), pickedUpAt: input.now.toISOString() } },
    ]);
  });
}
