import { newId, REFUND_REASON_MAX } from "@preprint/contracts";
import type { Tx } from "./client";
import { emit } from "./events";
import type { Actor } from "./transitions";

export type RefundKind = "CANCELLATION" | "STAFF" | "COMPENSATION";

/** Refunds requested but not settled yet, plus those completed, of the reservation's payment. */
export async function refundCommitted(tx: Tx, r: { id: string; paymentId: string | null }): Promise<number> {
  if (!r.paymentId) return 0;
  const agg = await tx.refund.aggregate({
    where: { reservationId: r.id, paymentId: r.paymentId, status: { in: ["REQUESTED", "COMPLETED"] } },
    _sum: { amount: true },
  });
  return agg._sum.amount ?? 0;
}

/** Writes a REQUESTED refund and its `refund.requested` event (the payment service carries it out); returns its id. */
export async function requestRefund(
  tx: Tx,
  reservationId: string,
  input: { paymentId: string; amount: number; reason: string; kind: RefundKind; actor: Actor },
): Promise<string> {
  const refundId = newId("rfd");
  // the event contract caps reasons; a long customer reason behind its prefix is cut, not refused
  const reason = input.reason.slice(0, REFUND_REASON_MAX);
  await tx.refund.create({
    data: {
      id: refundId,
      reservationId,
      paymentId: input.paymentId,
      amount: input.amount,
      reason,
      kind: input.kind,
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
    },
  });
  await emit(tx, "refund.requested", {
    refundId,
    reservationId,
    paymentId: input.paymentId,
    amount: input.amount,
    reason,
    requestedBy: { type: input.actor.type, ...(input.actor.id ? { id: input.actor.id } : {}) },
  });
  return refundId;
}

export function findRefund(tx: Tx, id: string) {
  return tx.refund.findUnique({ where: { id } });
}

/** Marks a REQUESTED or FAILED refund COMPLETED; false when it already was (a replay). */
export async function completeRefund(tx: Tx, id: string, amount: number, settledAt: Date): Promise<boolean> {
  const settled = await tx.refund.updateMany({
    where: { id, status: { in: ["REQUESTED", "FAILED"] } },
    data: { status: "COMPLETED", settledAt, amount },
  });
  return settled.count > 0;
}

/** Marks a REQUESTED refund FAILED; false when it was not REQUESTED (a replay). */
export async function failRefund(tx: Tx, id: string, failureReason: string, settledAt: Date): Promise<boolean> {
  const failed = await tx.refund.updateMany({
    where: { id, status: "REQUESTED" },
    data: { status: "FAILED", failureReason, settledAt },
  });
  return failed.count > 0;
}

/** Records money given back outside the app as a COMPLETED refund of kind EXTERNAL. */
export async function insertExternalRefund(
  tx: Tx,
  r: { id: string; reservationId: string; paymentId: string; amount: number; reason: string; actorId: string; settledAt: Date },
): Promise<void> {
  await tx.refund.create({
    data: {
      id: r.id,
      reservationId: r.reservationId,
      paymentId: r.paymentId,
      amount: r.amount,
      reason: r.reason,
      kind: "EXTERNAL",
      status: "COMPLETED",
      actorType: "SYSTEM",
      actorId: r.actorId,
      settledAt: r.settledAt,
    },
  });
}
