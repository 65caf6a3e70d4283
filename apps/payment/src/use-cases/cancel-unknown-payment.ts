import { paymentExists } from "../db/payments";
import { ofThisStage } from "../domain/stage";
import { cancelKey } from "../portone/cancel-keys";
import type { PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import type { PaymentDeps } from "./deps";

export type UnknownOutcome = "cancelled" | "ignored" | "unavailable";

/**
 * A PAID payment at PortOne with an id we never issued (every id we issue has a row before the
 * payment window opens): nobody will ever deliver anything for it, so the money goes back.
 * Logged, counted (`preprint.payments.unknown`) and cancelled in full, with an Idempotency-Key
 * per payment and balance so a webhook and the scan, or two replicas, cancel once. Only payments
 * of our store and of this stage's channel type (docs/decisions/0167).
 */
export async function cancelUnknownPayment(
  deps: Pick<PaymentDeps, "prisma" | "portone" | "config" | "logger">,
  paymentId: string,
  theirs?: PortOnePayment,
): Promise<UnknownOutcome> {
  if (!theirs) {
    const fetched = await deps.portone.getPayment(paymentId);
    if (!fetched.ok) return fetched.kind === "rejected" && fetched.type === "PAYMENT_NOT_FOUND" ? "ignored" : "unavailable";
    theirs = fetched.value;
  }
  if ((theirs.status !== "PAID" && theirs.status !== "PARTIAL_CANCELLED") || theirs.storeId !== deps.config.PORTONE_STORE_ID)
    return "ignored";
  if (!ofThisStage(theirs, deps.config.PORTONE_MODE)) return "ignored";
  if (await paymentExists(deps.prisma, paymentId)) return "ignored";
  const cancellable = theirs.amount.total - theirs.amount.cancelled;
  if (cancellable <= 0) return "ignored";
  deps.logger.warn({ paymentId, amount: theirs.amount.total }, "PAID payment with an id we never issued; cancelling it");
  const r = await deps.portone.cancel(
    paymentId,
    { reason: "발급하지 않은 결제 번호의 결제 자동 취소", currentCancellableAmount: cancellable, requester: "ADMIN" },
    cancelKey("unknown", paymentId, cancellable),
  );
  if (r.ok || (r.kind === "rejected" && r.type === "PAYMENT_ALREADY_CANCELLED")) {
    if (r.ok) paymentMetrics.unknownPayment();
    return "cancelled";
  }
  deps.logger.error(
    { paymentId, reason: r.kind === "rejected" ? r.type : r.reason },
    "could not cancel a payment we never issued; next scan retries",
  );
  return "unavailable";
}
