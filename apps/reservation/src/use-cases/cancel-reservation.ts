import { AppError } from "@preprint/service-kit";
import { TX_OPTIONS, type PrismaClient, type Tx } from "../db/client";
import { requestRefund } from "../db/refunds";
import { findReservation, lockReservation, type LoadedReservation } from "../db/reservations";
import { move, type Actor } from "../db/transitions";
import type { CancelPreview } from "../domain/cancellation";
import type { RefundPolicy } from "../domain/refund-policy";
import { asStateConflict, reservationNotFound } from "./errors";
import { cancellationOf } from "./preview-cancellation";

export interface Cancellation {
  /** the reservation as it is after the cancellation */
  reservation: LoadedReservation;
  preview: CancelPreview;
  refundId?: string;
}

/**
 * The customer cancels: unpaid → CANCELLED; paid → CANCEL_REQUESTED and a refund by the policy,
 * or CANCELLED when the policy gives nothing back. A repeated cancel answers with the current
 * state; `expectedRefundAmount` (what the customer was shown) must still hold.
 */
export async function cancelReservation(
  d: { prisma: PrismaClient; policy: RefundPolicy },
  input: { id: string; customerId: string; reason: string; expectedRefundAmount?: number },
  /** runs last inside the transaction (the idempotent answer commits with the cancellation) */
  beforeCommit?: (tx: Tx, c: Cancellation) => Promise<void>,
): Promise<Cancellation> {
  try {
    return await d.prisma.$transaction(async (tx) => {
      const out = await cancelLocked(tx, d.policy, input);
      const fresh = await findReservation(tx, out.reservation.id);
      if (!fresh) throw reservationNotFound();
      const answer = { ...out, reservation: fresh };
      await beforeCommit?.(tx, answer);
      return answer;
    }, TX_OPTIONS);
  } catch (err) {
    throw asStateConflict(err);
  }
}

async function cancelLocked(
  tx: Tx,
  currentPolicy: RefundPolicy,
  input: { id: string; customerId: string; reason: string; expectedRefundAmount?: number },
): Promise<Cancellation> {
  const r = await lockReservation(tx, input.id);
  if (!r || r.customerId !== input.customerId) throw reservationNotFound();
  const actor: Actor = { type: "CUSTOMER", id: input.customerId };
  // a repeated cancel is a no-op that answers with the current state
  if (r.status === "CANCELLED" || r.status === "CANCEL_REQUESTED") {
    return { reservation: r, preview: await cancellationOf(tx, r, currentPolicy) };
  }
  const preview = await cancellationOf(tx, r, currentPolicy);
  if (!preview.cancellable) {
    throw new AppError(409, "NOT_CANCELLABLE", `This reservation cannot be cancelled while it is ${r.status}.`, {
      currentStatus: r.status,
    });
  }
  if (input.expectedRefundAmount !== undefined && input.expectedRefundAmount !== preview.refundAmount) {
    throw new AppError(409, "REFUND_AMOUNT_CHANGED", `The refund is now ${preview.refundAmount} won. Review it and confirm again.`, {
      refundAmount: preview.refundAmount,
    });
  }
  if (!preview.paid) {
    await move(tx, r, "CANCEL_UNPAID", actor, input.reason, { cancelReason: input.reason });
    return { reservation: r, preview };
  }
  if (preview.refundAmount === 0) {
    await move(tx, r, "CANCEL_PAID_NO_REFUND", actor, `${input.reason} (refund 0%: ${preview.rule})`, {
      cancelReason: input.reason,
      statusBeforeCancel: r.status,
    });
    return { reservation: r, preview };
  }
  await move(tx, r, "CANCEL_PAID", actor, `${input.reason} (refund ${preview.refundPercent}%: ${preview.rule})`, {
    cancelReason: input.reason,
    statusBeforeCancel: r.status,
  });
  const refundId = await requestRefund(tx, r.id, {
    paymentId: r.paymentId!,
    amount: preview.refundAmount,
    reason: `고객 취소: ${input.reason}`,
    kind: "CANCELLATION",
    actor,
  });
  return { reservation: r, preview, refundId };
}
