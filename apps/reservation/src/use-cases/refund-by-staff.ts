import { AppError } from "@preprint/service-kit";
import { TX_OPTIONS, type PrismaClient, type Tx } from "../db/client";
import { refundCommitted, requestRefund } from "../db/refunds";
import { lockReservation } from "../db/reservations";
import { reservationNotFound } from "./errors";

export interface StaffRefund {
  refundId: string;
  amount: number;
  /** what can still be refunded after this one */
  remainingRefundable: number;
}

const REFUNDABLE_STATUSES = ["CONFIRMED", "PRINTING", "READY", "PICKED_UP"];

/**
 * A partial refund by the store's staff: never more than paid − (refunded + pending). The
 * reservation keeps its status; the payment service carries the refund out (`refund.requested`).
 */
export async function refundByStaff(
  d: { prisma: PrismaClient },
  input: { reservationId: string; storeId: string; staffId: string; amount: number; reason: string },
  /** runs last inside the transaction (the idempotent answer commits with the request) */
  beforeCommit?: (tx: Tx, refund: StaffRefund) => Promise<void>,
): Promise<StaffRefund> {
  return d.prisma.$transaction(async (tx) => {
    const r = await lockReservation(tx, input.reservationId);
    if (!r || r.storeId !== input.storeId) throw reservationNotFound();
    if (!r.paymentId || r.paidAmount === 0) throw new AppError(409, "NOT_PAID", "This reservation has no payment to refund.");
    if (!REFUNDABLE_STATUSES.includes(r.status)) {
      throw new AppError(409, "INVALID_STATE", `Partial refunds are not possible while the reservation is ${r.status}.`, {
        currentStatus: r.status,
      });
    }
    const refundable = r.paidAmount - (await refundCommitted(tx, r));
    if (input.amount > refundable) {
      throw new AppError(422, "REFUND_EXCEEDS_PAID", `At most ${refundable} won can still be refunded.`, { refundable });
    }
    const refundId = await requestRefund(tx, r.id, {
      paymentId: r.paymentId,
      amount: input.amount,
      reason: input.reason,
      kind: "STAFF",
      actor: { type: "STAFF", id: input.staffId },
    });
    const refund = { refundId, amount: input.amount, remainingRefundable: refundable - input.amount };
    await beforeCommit?.(tx, refund);
    return refund;
  }, TX_OPTIONS);
}
