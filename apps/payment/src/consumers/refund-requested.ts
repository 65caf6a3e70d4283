import type { EventHandler } from "@preprint/messaging";
import { acceptRefundRequest } from "../use-cases/accept-refund-request";
import type { PaymentDeps } from "../use-cases/deps";
import { refundPayment } from "../use-cases/refund-payment";

/**
 * refund.requested → record the refund (inbox + REQUESTED row, one transaction), then try it at
 * PortOne right away. If PortOne is down the row stays REQUESTED and the reconciliation job
 * retries it, so the message is acked either way; only a failure to record it is retried by the
 * broker (and parked in the DLQ after the last attempt).
 */
export function refundRequestedHandler(deps: PaymentDeps): EventHandler<"refund.requested"> {
  return async (event) => {
    const refundId = await acceptRefundRequest(deps, event);
    if (!refundId) return;
    const outcome = await refundPayment(deps, refundId);
    deps.logger.info({ refundId, outcome }, "refund.requested handled");
  };
}
