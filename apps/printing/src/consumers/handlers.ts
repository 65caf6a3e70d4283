import type { EventHandlers } from "@preprint/messaging";
import { createPrintJobs } from "../use-cases/create-print-jobs";
import type { Deps } from "../use-cases/deps";
import { voidRefundedReservation } from "../use-cases/void-refunded-reservation";

/** Events printing consumes: a paid reservation makes its print jobs; a full refund voids its code. */
export function createHandlers(deps: Deps): EventHandlers {
  return {
    "reservation.confirmed": (event) => createPrintJobs(deps, event),
    "refund.completed": (event) => voidRefundedReservation(deps, event),
  };
}
