import { randomInt } from "node:crypto";
import type { EventData } from "@preprint/contracts";
import { newId, REFUND_REASON_MAX } from "@preprint/contracts";
import { AppError } from "@preprint/service-kit";
import { refundFor, type RefundDecision, type RefundPolicy } from "../domain/refund-policy";
import { allowedFrom, type ReservationStatus } from "../domain/lifecycle";
import type { Prisma, Tx } from "./client";
import { emit, facts } from "./events";
import { lockReservation, move, takeCapacity, type Actor, type LoadedReservation } from "./transitions";

export const PAID_STATUSES: readonly ReservationStatus[] = ["CONFIRMED", "PRINTING", "READY"];

export function pickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** refunds requested but not settled yet, plus those completed: never refund beyond what was paid */
export async function refundCommitted(tx: Tx, r: { id: string; paymentId: string | null }): Promise<number> {
  if (!r.paymentId) return 0;
  const agg = await tx.refund.aggregate({
    where: { reservationId: r.id, paymentId: r.paymentId, status: { in: ["REQUESTED", "COMPLETED"] } },
    _sum: { amount: true },
  });
  return agg._sum.amount ?? 0;
}

async function requestRefund(
  tx: Tx,
  r: LoadedReservation,
  input: { paymentId: string; amount: number; reason: string; kind: "CANCELLATION" | "STAFF" | "COMPENSATION"; actor: Actor },
) {
  const refundId = newId("rfd");
  // the event contract caps reasons; a long customer reason behind its prefix is cut, not refused
  input = { ...input, reason: input.reason.slice(0, REFUND_REASON_MAX) };
  await tx.refund.create({
    data: { id: refundId, reservationId: r.id, paymentId: input.paymentId, amount: input.amount, reason: input.reason, kind: input.kind, actorType: input.actor.type, actorId: input.actor.id ?? null },
  });
  await emit(tx, "refund.requested", {
    refundId,
    reservationId: r.id,
    paymentId: input.paymentId,
    amount: input.amount,
    reason: input.reason,
    requestedBy: { type: input.actor.type, ...(input.actor.id ? { id: input.actor.id } : {}) },
  });
  return refundId;
}

// ---------- cancellation ----------

export interface CancelPreview {
  reservationId: string;
  status: string;
  cancellable: boolean;
  paid: boolean;
  /** what the reservation becomes */
  outcome: "CANCELLED" | "CANCEL_REQUESTED" | null;
  refundPercent: number;
  refundAmount: number;
  paidAmount: number;
  alreadyRefunded: number;
  currency: "KRW";
  rule: string | null;
  policyVersion: string | null;
  message: string;
}

function previewMessage(d: RefundDecision): string {
  if (d.amount === 0) return "주문 제작 안내에 동의하신 환불 규정에 따라 환불 금액이 없습니다(0원). 취소해도 환불되지 않습니다.";
  const amount = `${d.amount.toLocaleString("ko-KR")}원(${d.percent}%)`;
  if (d.rule === "WITHDRAWAL") return `주문 제작 안내에 동의하지 않은 예약이므로 청약철회에 따라 ${amount}이 환불됩니다.`;
  return `취소하면 ${amount}이 환불됩니다.`;
}

export async function cancelPreview(tx: Tx, r: LoadedReservation, currentPolicy: RefundPolicy): Promise<CancelPreview> {
  const base = { reservationId: r.id, status: r.status, paidAmount: r.paidAmount, currency: "KRW" as const };
  if (r.status === "PENDING_PAYMENT") {
    return { ...base, cancellable: true, paid: false, outcome: "CANCELLED", refundPercent: 0, refundAmount: 0, alreadyRefunded: 0, rule: "UNPAID", policyVersion: null, message: "결제 전 예약이므로 수수료 없이 취소됩니다." };
  }
  if (!PAID_STATUSES.includes(r.status as ReservationStatus)) {
    return { ...base, cancellable: false, paid: r.paidAmount > 0, outcome: null, refundPercent: 0, refundAmount: 0, alreadyRefunded: r.refundedAmount, rule: null, policyVersion: null, message: `현재 상태(${r.status})에서는 취소할 수 없습니다.` };
  }
  const policy = (r.refundPolicy as RefundPolicy | null) ?? currentPolicy;
  const committed = await refundCommitted(tx, r);
  const d = refundFor(policy, {
    status: r.status as ReservationStatus,
    paidAmount: r.paidAmount,
    refundedAmount: committed,
    madeToOrderConsentVersion: r.madeToOrderConsentVersion,
  });
  return {
    ...base,
    cancellable: true,
    paid: true,
    outcome: d.amount > 0 ? "CANCEL_REQUESTED" : "CANCELLED",
    refundPercent: d.percent,
    refundAmount: d.amount,
    alreadyRefunded: committed,
    rule: d.rule,
    policyVersion: policy.version,
    message: previewMessage(d),
  };
}

export async function cancelReservation(
  tx: Tx,
  id: string,
  customerId: string,
  input: { reason: string; currentPolicy: RefundPolicy; now: Date; expectedRefundAmount?: number },
): Promise<{ reservation: LoadedReservation; preview: CancelPreview; refundId?: string }> {
  const r = await lockReservation(tx, id);
  if (!r || r.customerId !== customerId) throw new AppError(404, "RESERVATION_NOT_FOUND", "Reservation was not found.");
  const actor: Actor = { type: "CUSTOMER", id: customerId };
  // a repeated cancel is a no-op that answers with the current state
  if (r.status === "CANCELLED" || r.status === "CANCEL_REQUESTED") {
    return { reservation: r, preview: await cancelPreview(tx, r, input.currentPolicy) };
  }
  const preview = await cancelPreview(tx, r, input.currentPolicy);
  if (!preview.cancellable) {
    throw new AppError(409, "NOT_CANCELLABLE", `This reservation cannot be cancelled while it is ${r.status}.`, { currentStatus: r.status });
  }
  if (input.expectedRefundAmount !== undefined && input.expectedRefundAmount !== preview.refundAmount) {
    throw new AppError(409, "REFUND_AMOUNT_CHANGED", `The refund is now ${preview.refundAmount} won. Review it and confirm again.`, { refundAmount: preview.refundAmount });
  }
  if (!preview.paid) {
    await move(tx, r, "CANCEL_UNPAID", actor, input.reason, { cancelReason: input.reason });
    return { reservation: r, preview };
  }
  if (preview.refundAmount === 0) {
    await move(tx, r, "CANCEL_PAID_NO_REFUND", actor, `${input.reason} (refund 0%: ${preview.rule})`, { cancelReason: input.reason, statusBeforeCancel: r.status });
    return { reservation: r, preview };
  }
  await move(tx, r, "CANCEL_PAID", actor, `${input.reason} (refund ${preview.refundPercent}%: ${preview.rule})`, {
    cancelReason: input.reason,
    statusBeforeCancel: r.status,
  });
  const refundId = await requestRefund(tx, r, { paymentId: r.paymentId!, amount: preview.refundAmount, reason: `고객 취소: ${input.reason}`, kind: "CANCELLATION", actor });
  return { reservation: r, preview, refundId };
}

// ---------- staff ----------

export async function staffAction(
  tx: Tx,
  r: LoadedReservation,
  action: "printing" | "ready" | "picked-up",
  actor: Actor,
  opts: { pickupCode?: string; now: Date },
) {
  if (action === "printing") return move(tx, r, "START_PRINTING", actor, "staff started printing");
  if (action === "ready") {
    return move(tx, r, "MARK_READY", actor, "prints ready for pickup", {}, [
      { type: "reservation.ready", data: { reservationId: r.id, ...facts(r), pickupCode: r.pickupCode! } },
    ]);
  }
  if (r.status === "READY" && opts.pickupCode !== r.pickupCode) {
    throw new AppError(422, "PICKUP_CODE_MISMATCH", "The pickup code does not match this reservation.");
  }
  return move(tx, r, "PICK_UP", actor, "handed over to the customer", {}, [
    { type: "reservation.picked-up", data: { reservationId: r.id, ...facts(r), pickedUpAt: opts.now.toISOString() } },
  ]);
}

export async function staffRefund(tx: Tx, r: LoadedReservation, input: { amount: number; reason: string; actor: Actor }) {
  if (!r.paymentId || r.paidAmount === 0) throw new AppError(409, "NOT_PAID", "This reservation has no payment to refund.");
  if (!["CONFIRMED", "PRINTING", "READY", "PICKED_UP"].includes(r.status)) {
    throw new AppError(409, "INVALID_STATE", `Partial refunds are not possible while the reservation is ${r.status}.`, { currentStatus: r.status });
  }
  const committed = await refundCommitted(tx, r);
  const refundable = r.paidAmount - committed;
  if (input.amount > refundable) {
    throw new AppError(422, "REFUND_EXCEEDS_PAID", `At most ${refundable} won can still be refunded.`, { refundable });
  }
  const refundId = await requestRefund(tx, r, { paymentId: r.paymentId, amount: input.amount, reason: input.reason, kind: "STAFF", actor: input.actor });
  return { refundId, refundable: refundable - input.amount };
}

// ---------- consumed events ----------

type Approved = EventData<"payment.approved">;

export async function onPaymentApproved(tx: Tx, e: Approved, policy: RefundPolicy, now: Date, log: (msg: string, o?: object) => void) {
  const r = await lockReservation(tx, e.reservationId);
  if (!r) return log("payment.approved for an unknown reservation", { reservationId: e.reservationId });
  if (r.paymentId === e.paymentId) return; // replay of a payment we already applied
  const system: Actor = { type: "SYSTEM", id: "payment" };
  const paid: Prisma.ReservationUpdateManyMutationInput = {
    paymentId: e.paymentId,
    paidAmount: e.amount,
    paidAt: new Date(e.approvedAt),
    refundPolicy: policy as unknown as Prisma.InputJsonValue,
  };
  const confirm = async (command: "PAYMENT_APPROVED" | "LATE_PAYMENT_RETAKEN", reason: string, extra: Prisma.ReservationUpdateManyMutationInput = {}) => {
    const code = pickupCode();
    await move(tx, r, command, system, reason, { ...paid, ...extra, pickupCode: code }, [
      {
        type: "reservation.confirmed",
        data: { reservationId: r.id, paymentId: e.paymentId, ...facts(r), totalAmount: r.totalAmount, currency: "KRW", pickupCode: code },
      },
    ]);
    r.pickupCode = code;
  };
  if (r.paymentId && r.paymentId !== e.paymentId) {
    // a second payment for one reservation: give it back whole
    await requestRefund(tx, r, { paymentId: e.paymentId, amount: e.amount, reason: "중복 결제 자동 환불", kind: "COMPENSATION", actor: system });
    return;
  }
  if (e.amount !== r.totalAmount) {
    // the payment service checks the amount of record; if it ever differs, the customer is made whole
    log("payment.approved amount differs from the reservation total; refunding", { reservationId: r.id });
    if (e.amount > 0) await requestRefund(tx, r, { paymentId: e.paymentId, amount: e.amount, reason: "결제 금액 불일치 자동 환불", kind: "COMPENSATION", actor: system });
    return;
  }
  if (r.status === "PENDING_PAYMENT") return confirm("PAYMENT_APPROVED", `payment ${e.paymentId} approved`);
  if (r.status === "CANCELLED") {
    // the customer cancelled before paying: their decision stands. The payment is recorded (so its
    // refund is accounted for and a replay is recognised) and given back whole; the status stays.
    log("payment.approved for a reservation the customer cancelled; refunding in full", { reservationId: r.id });
    await tx.reservation.updateMany({ where: { id: r.id, status: "CANCELLED" }, data: paid });
    r.paymentId = e.paymentId;
    await requestRefund(tx, r, { paymentId: e.paymentId, amount: e.amount, reason: "취소된 예약에 도착한 결제: 전액 환불", kind: "COMPENSATION", actor: system });
    return;
  }
  if (r.status === "EXPIRED") {
    // paid after the hold ended: keep the booking if the slot still has room, otherwise refund in full
    const slotOpen = r.slot.startsAt.getTime() > now.getTime();
    if (!r.capacityHeld && slotOpen && (await takeCapacity(tx, r.slotId, r.pages))) {
      return confirm("LATE_PAYMENT_RETAKEN", `payment ${e.paymentId} approved after ${r.status}; capacity re-taken`, { capacityHeld: true, closedAt: null });
    }
    await move(tx, r, "COMPENSATE_LATE_PAYMENT", system, `payment ${e.paymentId} approved after ${r.status}; slot full, refunding in full`, {
      ...paid,
      statusBeforeCancel: r.status,
    });
    await requestRefund(tx, r, { paymentId: e.paymentId, amount: e.amount, reason: "예약 만료 후 결제: 자리가 없어 전액 환불", kind: "COMPENSATION", actor: system });
    return;
  }
  log("payment.approved for a reservation in an unexpected state; refunding", { reservationId: r.id, status: r.status });
  await requestRefund(tx, r, { paymentId: e.paymentId, amount: e.amount, reason: "처리할 수 없는 결제 자동 환불", kind: "COMPENSATION", actor: system });
}

export async function onPaymentFailed(tx: Tx, e: EventData<"payment.failed">) {
  // the hold keeps running; the customer may try again until expiresAt
  await tx.reservation.updateMany({ where: { id: e.reservationId, status: "PENDING_PAYMENT" }, data: { lastPaymentError: `${e.code}: ${e.reason}`.slice(0, 500) } });
}

export async function onRefundCompleted(tx: Tx, e: EventData<"refund.completed">, log: (msg: string, o?: object) => void) {
  const r = await lockReservation(tx, e.reservationId);
  if (!r) return log("refund.completed for an unknown reservation", { reservationId: e.reservationId });
  const refund = await tx.refund.findUnique({ where: { id: e.refundId } });
  if (!refund && e.origin === "EXTERNAL") return onExternalRefund(tx, r, e);
  if (!refund) return log("refund.completed for an unknown refund", { refundId: e.refundId });
  const settled = await tx.refund.updateMany({
    where: { id: e.refundId, status: { in: ["REQUESTED", "FAILED"] } },
    data: { status: "COMPLETED", settledAt: new Date(e.completedAt), amount: e.amount },
  });
  if (settled.count === 0) return; // already completed: a replay
  if (refund.paymentId === r.paymentId) {
    await tx.reservation.update({ where: { id: r.id }, data: { refundedAmount: { increment: e.amount } } });
    r.refundedAmount += e.amount;
  }
  if (refund.kind !== "STAFF" && r.status === "CANCEL_REQUESTED") {
    await move(tx, r, "REFUND_COMPLETED", { type: "SYSTEM", id: "payment" }, `refund ${e.refundId} completed (${e.amount} won)`);
  }
  await tx.staffAlert.updateMany({ where: { reservationId: r.id, kind: "REFUND_FAILED", resolvedAt: null }, data: { resolvedAt: new Date() } });
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
async function onExternalRefund(tx: Tx, r: LoadedReservation, e: EventData<"refund.completed">) {
  const actor = e.externalActor ?? "API";
  await tx.refund.create({
    data: {
      id: e.refundId,
      reservationId: r.id,
      paymentId: e.paymentId,
      amount: e.amount,
      reason: e.reason || "결제사에서 취소됨",
      kind: "EXTERNAL",
      status: "COMPLETED",
      actorType: "SYSTEM",
      actorId: actor,
      settledAt: new Date(e.completedAt),
    },
  });
  const ofThisPayment = e.paymentId === r.paymentId;
  if (ofThisPayment) {
    await tx.reservation.update({ where: { id: r.id }, data: { refundedAmount: { increment: e.amount } } });
    r.refundedAmount += e.amount;
  }
  const full = ofThisPayment && e.remainingAmount === 0;
  const who = EXTERNAL_ACTOR_TEXT[actor] ?? actor;
  await tx.staffAlert.create({
    data: {
      id: newId("alr"),
      storeId: r.storeId,
      reservationId: r.id,
      kind: "EXTERNAL_REFUND",
      message: `${who}에서 ${full ? "전액" : "부분"} 환불 ${e.amount.toLocaleString("ko-KR")}원이 처리되었습니다${full ? " (픽업 코드 무효)" : ""}.${e.reason ? ` 사유: ${e.reason}` : ""}`.slice(0, 1000),
    },
  });
  if (full && allowedFrom("EXTERNAL_FULL_REFUND").includes(r.status as ReservationStatus)) {
    await move(tx, r, "EXTERNAL_FULL_REFUND", { type: "SYSTEM", id: "payment" }, `refunded in full outside the app (${actor}): ${e.amount} won`, { pickupCode: null });
  }
}

export async function onRefundFailed(tx: Tx, e: EventData<"refund.failed">, log: (msg: string, o?: object) => void) {
  const r = await lockReservation(tx, e.reservationId);
  if (!r) return log("refund.failed for an unknown reservation", { reservationId: e.reservationId });
  const refund = await tx.refund.findUnique({ where: { id: e.refundId } });
  if (!refund) return log("refund.failed for an unknown refund", { refundId: e.refundId });
  const failed = await tx.refund.updateMany({
    where: { id: e.refundId, status: "REQUESTED" },
    data: { status: "FAILED", failureReason: `${e.errorType}: ${e.reason}`.slice(0, 500), settledAt: new Date() },
  });
  if (failed.count === 0) return;
  await tx.staffAlert.create({
    data: {
      id: newId("alr"),
      storeId: r.storeId,
      reservationId: r.id,
      kind: "REFUND_FAILED",
      message: `환불 ${e.amount.toLocaleString("ko-KR")}원 실패 (${e.errorType}): ${e.reason}`.slice(0, 1000),
    },
  });
  if (refund.kind !== "STAFF" && r.status === "CANCEL_REQUESTED") {
    await move(tx, r, "REFUND_FAILED", { type: "SYSTEM", id: "payment" }, `refund ${e.refundId} failed: ${e.errorType}`);
  }
}

// ---------- expiry ----------

/**
 * Expires due holds in one transaction: FOR UPDATE SKIP LOCKED so N replicas share the work
 * and never both expire the same row. Returns the number expired.
 */
export async function expireDue(tx: Tx, now: Date, batch: number): Promise<number> {
  const due = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM reservations WHERE status = 'PENDING_PAYMENT' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    now,
    batch,
  );
  let n = 0;
  for (const { id } of due) {
    const r = await lockReservation(tx, id);
    if (!r || r.status !== "PENDING_PAYMENT") continue;
    await move(tx, r, "EXPIRE", { type: "SYSTEM", id: "expiry" }, `not paid by ${r.expiresAt.toISOString()}`, {}, [
      { type: "reservation.expired", data: { reservationId: r.id, ...facts(r), expiredAt: now.toISOString() } },
    ]);
    n++;
  }
  return n;
}
