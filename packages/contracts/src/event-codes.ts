import { z } from "zod";

/**
 * The closed lists of codes events carry, so the producer (payment) and every consumer
 * (notification's texts, reservation's alerts) compile against the same list: a consumer that
 * keys a table by one of these types is told by the compiler when a code is added.
 */

/**
 * Why a payment did not go through, as recorded on the payment (`failure.code` of
 * `GET /api/payments/{id}`).
 */
export const paymentFailureCode = z.enum([
  /** PortOne was paid another amount than the amount of record (the payment is cancelled at PortOne) */
  "AMOUNT_MISMATCH",
  "CURRENCY_MISMATCH",
  /** a TEST channel paid in live mode (no real money moved) */
  "TEST_CHANNEL_IN_LIVE",
  /** a LIVE channel (real money) paid in the test stage */
  "LIVE_CHANNEL_IN_TEST",
  /** PortOne answered for another payment id */
  "PAYMENT_ID_MISMATCH",
  /** the card company or payment provider declined */
  "PG_DECLINED",
  /** cancelled at PortOne (console, provider) before we settled it */
  "CANCELLED_AT_PORTONE",
  /** paid after the payment had already failed; the money goes back */
  "LATE_PAYMENT",
  /** the customer cancelled the reservation before paying (never sent as payment.failed) */
  "RESERVATION_CANCELLED",
]);
export type PaymentFailureCode = z.infer<typeof paymentFailureCode>;

/** `payment.failed.code`: every failure but the customer's own cancel before paying. */
export const paymentFailedCode = paymentFailureCode.exclude(["RESERVATION_CANCELLED"]);
export type PaymentFailedCode = z.infer<typeof paymentFailedCode>;

/**
 * `refund.failed.errorType`: why a refund could not be made. Our own two codes plus the final
 * errors of PortOne's cancel call (docs/portone.md §5); the transient ones
 * (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN, IDEMPOTENCY_OUTSTANDING_REQUEST) are retried, never
 * reported. PortOne may add error types at any time: those arrive as PORTONE_REJECTED (use
 * `refundFailureCodeOf`), with PortOne's own type kept in the event's `reason`.
 */
export const refundFailureCode = z.enum([
  /** ours: the payment is not approved (nothing to refund) */
  "PAYMENT_NOT_PAID",
  /** ours: PortOne accepted the cancel and then reported it FAILED */
  "CANCELLATION_FAILED",
  "INVALID_REQUEST",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "PAYMENT_NOT_FOUND",
  "PAYMENT_ALREADY_CANCELLED",
  "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
  "CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT",
  "CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT",
  "SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT",
  "MAX_CANCEL_COUNT_REACHED",
  /** the payment provider behind PortOne refused */
  "PG_PROVIDER",
  /** an error type PortOne added after this list was written */
  "PORTONE_REJECTED",
]);
export type RefundFailureCode = z.infer<typeof refundFailureCode>;

/** PortOne's cancel error `type` → the code `refund.failed` carries. */
export function refundFailureCodeOf(portoneErrorType: string): RefundFailureCode {
  const known = refundFailureCode.safeParse(portoneErrorType);
  return known.success ? known.data : "PORTONE_REJECTED";
}
