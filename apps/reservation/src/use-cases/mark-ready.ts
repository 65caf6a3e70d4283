import type { PrismaClient } from "../db/client";
import { facts } from "../db/events";
import type { ReservationWithRefunds } from "../db/reservations";
import { move } from "../db/transitions";
import { staffStep, type StaffStepInput } from "./staff-step";

/** The prints are done: PRINTING → READY, and `reservation.ready` tells the customer to come. */
export function markReady(d: { prisma: PrismaClient }, input: StaffStepInput): Promise<ReservationWithRefunds> {
  return staffStep(d, input, (tx, r, actor) =>
    move(tx, r, "MARK_READY", actor, "prints ready for pickup", {}, [
      { type: "reservation.ready", data: { reservationId: r.id, ...facts(r), pickupCode: r.pickupCode! } },
    ]),
  );
}
