import type { EventData, EventEnvelope } from "@preprint/contracts";
import { raiseStaffAlert, resolveReservationAlerts } from "../db/alerts";
import type { Tx } from "../db/client";
import { onceForEvent } from "../db/inbox";
import { completeRefund, findRefund, insertExternalRefund } from "../db/refunds";
import { addRefundedAmount, lockReservation, type LoadedReservation } from "../db/reservations";
import { move } from "../db/transitions";
import { allowedFrom, type ReservationStatus } from "../domain/lifecycle";
import type { EventDeps } from "./event-deps";

const PAYMENT = { type: "SYSTEM", id: "payment" } as const;

/**
 * `refund.completed`: the refund is COMPLETED and added to refundedAmount (a replay changes
 * nothing); a cancellation or compensation refund moves CANCEL_REQUESTED → REFUNDED (capacity
 * released) and open refund-failure alerts are resolved. A refund made outside the app
 * (`origin: EXTERNAL`) is recorded as such (recordExternalRefund).
 */
export function recordRefund(
  d: Pick<EventDeps, "prisma" | "warn">,
  event: EventEnvelope<"refund.completed">,
): Promise<{ duplicate: boolean }> {
  const e = event.data;
  return onceForEvent(d.prisma, event.id, async (tx) => {
    const r = await lockReservation(tx, e.reservationId);
    if (!r) return d.warn("refund.completed for an unknown reservation", { reservationId: e.reservationId });
    const refund = await findRefund(tx, e.refundId);
    if (!refund && e.origin === "EXTERNAL") return recordExternalRefund(tx, r, e);
    if (!refund) return d.warn("refund.completed for an unknown refund", { refundId: e.refundId });
    if (!(await completeRefund(tx, e.refundId, e.amount, new Date(e.completedAt)))) return; // already completed: a replay
    if (refund.paymentId === r.paymentId) {
      await addRefundedAmount(tx, r.id, e.amount);
      r.refundedAmount += e.amount;
    }
    if (refund.kind !== "STAFF" && r.status === "CANCEL_REQUESTED") {
      await move(tx, r, "REFUND_COMPLETED", PAYMENT, `refund ${e.refundId} completed (${e.amount} won)`);
    }
    await resolveReservationAlerts(tx, r.id, "REFUND_FAILED", new Date());
  });
}

const EXTERNAL_ACTOR_TEXT: Record<string, string> = {
  PORTONE_CONSOLE: "포트원 관리자 콘솔",
  PORTONE_ADMIN: "포트원",
  CHARGEBACK: "카드사·PG사",
  API: "외부 API",
};

/**
 * Money given back outside the app (PortOne's console, the PG): recorded as a COMPLETED refund of
 * kind EXTERNAL, added to refundedAmount, flagged for the store's staff. A full refund ends the
 * reservation REFUNDED and voids its pickup code; a partial one leaves it as it is, with the
 * refunded amount shown. A replay finds the refund row and changes nothing.
 */
async function recordExternalRefund(tx: Tx, r: LoadedReservation, e: EventData<"refund.completed">): Promise<void> {
  const actor = e.externalActor ?? "API";
  await insertExternalRefund(tx, {
    id: e.refundId,
    reservationId: r.id,
    paymentId: e.paymentId,
    amount: e.amount,
    reason: e.reason || "결제사에서 취소됨",
    actorId: actor,
    settledAt: new Date(e.completedAt),
  });
  const ofThisPayment = e.paymentId === r.paymentId;
  if (ofThisPayment) {
    await addRefundedAmount(tx, r.id, e.amount);
    r.refundedAmount += e.amount;
  }
  const full = ofThisPayment && e.remainingAmount === 0;
  const who = EXTERNAL_ACTOR_TEXT[actor] ?? actor;
  await raiseStaffAlert(tx, {
    storeId: r.storeId,
    reservationId: r.id,
    kind: "EXTERNAL_REFUND",
    message:
      `${who}에서 ${full ? "전액" : "부분"} 환불 ${e.amount.toLocaleString("ko-KR")}원이 처리되었습니다${full ? " (픽업 코드 무효)" : ""}.${e.reason ? ` 사유: ${e.reason}` : ""}`.slice(
        0,
        1000,
      ),
  });
  if (full && allowedFrom("EXTERNAL_FULL_REFUND").includes(r.status as ReservationStatus)) {
    await move(tx, r, "EXTERNAL_FULL_REFUND", PAYMENT, `refunded in full outside the app (${actor}): ${e.amount} won`, {
      pickupCode: null,
    });
  }
}
