import type { PrismaClient } from "../db/client";
import type { ReservationWithRefunds } from "../db/reservations";
import { move } from "../db/transitions";
import { staffStep, type StaffStepInput } from "./staff-step";

/** Staff start printing a paid reservation: CONFIRMED → PRINTING. */
export function startPrinting(d: { prisma: PrismaClient }, input: StaffStepInput): Promise<ReservationWithRefunds> {
  return staffStep(d, input, (tx, r, actor) => move(tx, r, "START_PRINTING", actor, "staff started printing"));
}
