import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import { paymentExists } from "../db/payments";
import { insertRequestedRefund } from "../db/refunds";
import type { PaymentDeps } from "./deps";

/** The inbox consumer name of this service. */
export const CONSUMER = "payment";

/**
 * refund.requested is recorded as a REQUESTED row (primary key = refundId, plus the inbox, one
 * transaction) before PortOne is called; that row is the retry path (the job picks it up).
 * Returns the refund id to carry out, or undefined for a duplicate event.
 */
export async function acceptRefundRequest(
  deps: Pick<PaymentDeps, "prisma">,
  event: EventEnvelope<"refund.requested">,
): Promise<string | undefined> {
  const d = event.data;
  const r = await handleOnce(deps.prisma, CONSUMER, event.id, async (tx) => {
    if (!(await paymentExists(tx, d.paymentId))) throw new Error(`refund.requested for unknown payment ${d.paymentId}`); // retried, then parked in the DLQ
    // the same refundId again (another event id) changes nothing
    return insertRequestedRefund(tx, {
      id: d.refundId,
      paymentId: d.paymentId,
      reservationId: d.reservationId,
      amount: d.amount,
      reason: d.reason,
      actor: d.requestedBy,
      requestEventId: event.id,
    });
  });
  return r.duplicate ? undefined : d.refundId;
}
