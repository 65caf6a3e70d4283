import type { EventEnvelope } from "@preprint/contracts";
import { raiseStaffAlert } from "../db/alerts";
import { onceForEvent } from "../db/inbox";
import { failRefund, findRefund } from "../db/refunds";
import { lockReservation } from "../db/reservations";
import { move } from "../db/transitions";
import type { EventDeps } from "./event-deps";

/**
 * `refund.failed`: the refund is marked FAILED and flagged for the store's staff; a cancellation
 * goes back to the status it had before it was requested. A replay changes nothing.
 */
export function recordRefundFailure(
  d: Pick<EventDeps, "prisma" | "warn">,
  event: EventEnvelope<"refund.failed">,
): Promise<{ duplicate: boolean }> {
  const e = event.data;
  return onceForEvent(d.prisma, event.id, async (tx) => {
    const r = await lockReservation(tx, e.reservationId);
    if (!r) return d.warn("refund.failed for an unknown reservation", { reservationId: e.reservationId });
    const refund = await findRefund(tx, e.refundId);
    if (!refund) return d.warn("refund.failed for an unknown refund", { refundId: e.refundId });
    if (!(await failRefund(tx, e.refundId, `${e.errorType}: ${e.reason}`.slice(0, 500), new Date()))) return;
    await raiseStaffAlert(tx, {
      storeId: r.storeId,
      reservationId: r.id,
      kind: "REFUND_FAILED",
      message: `환불 ${e.amount.toLocaleString("ko-KR")}원 실패 (${e.errorType}): ${e.reason}`.slice(0, 1000),
    });
    if (refund.kind !== "STAFF" && r.status === "CANCEL_REQUESTED") {
      await move(tx, r, "REFUND_FAILED", { type: "SYSTEM", id: "payment" }, `refund ${e.refundId} failed: ${e.errorType}`);
    }
  });
}
