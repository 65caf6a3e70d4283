import type { EventHandler } from "@preprint/messaging";
import { cancelUnpaidPayment } from "../use-cases/cancel-unpaid-payment";
import type { PaymentDeps } from "../use-cases/deps";

/**
 * reservation.status-changed PENDING_PAYMENT → CANCELLED (the customer cancelled before paying):
 * close the reservation's open payment. Every other transition is acknowledged and ignored.
 * Idempotent by compare-and-swap, so a redelivery closes nothing twice.
 */
export function reservationCancelledHandler(deps: PaymentDeps): EventHandler<"reservation.status-changed"> {
  return async (event) => {
    const d = event.data;
    if (d.from !== "PENDING_PAYMENT" || d.to !== "CANCELLED") return;
    await cancelUnpaidPayment(deps, d.reservationId);
  };
}
