import { casStatus, paymentIdsOf } from "../db/payments";
import { paymentMetrics } from "../telemetry/metrics";
import type { PaymentDeps } from "./deps";
import { settlePayment } from "./settle-payment";

/** Payments still open for a reservation: a checkout window, or one the job gave up on (a late payment may still land). */
const OPEN = ["PENDING", "EXPIRED"];

/**
 * The customer cancelled a reservation before paying. Its open payment is closed (FAILED,
 * `RESERVATION_CANCELLED`, no payment.failed: nothing failed from the customer's side), so a
 * payment that still lands is cancelled at PortOne by the settlement (a PAID on a FAILED id is
 * given back whole) instead of confirming the reservation. PortOne has no call to close an open
 * payment window (cancel answers PAYMENT_NOT_PAID until it is paid), so PortOne is asked right
 * away whether it was paid meanwhile; later payments are caught by the webhook, the browser's
 * complete call or reconciliation. Returns how many payments it closed.
 */
export async function cancelUnpaidPayment(
  deps: Pick<PaymentDeps, "prisma" | "portone" | "config" | "logger">,
  reservationId: string,
): Promise<number> {
  let closed = 0;
  for (const id of await paymentIdsOf(deps.prisma, reservationId, OPEN)) {
    const won = await casStatus(deps.prisma, id, OPEN, {
      status: "FAILED",
      openReservationId: null,
      failureCode: "RESERVATION_CANCELLED",
      failureReason: "the reservation was cancelled before the payment",
      failedAt: new Date(),
      emitFailure: false,
      lastError: null,
    });
    if (!won) continue;
    closed++;
    paymentMetrics.failed("RESERVATION_CANCELLED");
    deps.logger.info({ paymentId: id, reservationId }, "open payment closed: the reservation was cancelled");
    await settlePayment(deps, id, "cancel");
  }
  return closed;
}
