import type { EventHandler } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import type { RefundService } from "../services/refunds";

/**
 * refund.requested → record the refund (inbox + REQUESTED row, one transaction), then try it at
 * PortOne right away. If PortOne is down the row stays REQUESTED and the reconciliation job
 * retries it, so the message is acked either way; only a failure to record it is retried by the
 * broker (and parked in the DLQ after the last attempt).
 */
export function refundRequestedHandler(refunds: RefundService, logger: Logger): EventHandler<"refund.requested"> {
  return async (event) => {
    const refundId = await refunds.record(event);
    if (!refundId) return;
    const outcome = await refunds.process(refundId);
    logger.info({ refundId, outcome }, "refund.requested handled");
  };
}
