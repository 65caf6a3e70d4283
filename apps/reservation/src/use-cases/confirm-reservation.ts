import { randomInt } from "node:crypto";
import type { EventEnvelope } from "@preprint/contracts";
import type { Prisma } from "../db/client";
import { facts } from "../db/events";
import { onceForEvent } from "../db/inbox";
import { requestRefund } from "../db/refunds";
import { lockReservation, recordPaymentWithoutMove } from "../db/reservations";
import { move, takeCapacity, type Actor } from "../db/transitions";
import type { RefundPolicy } from "../domain/refund-policy";
import type { EventDeps } from "./event-deps";

export function pickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * `payment.approved`: PENDING_PAYMENT → CONFIRMED with a pickup code and the refund policy in force
 * snapshotted. After EXPIRED the capacity is re-taken if the slot still fits, otherwise the payment
 * is refunded in full; a CANCELLED reservation stays cancelled and the payment is refunded in full;
 * a second payment, an amount that is not the total or any other state is refunded in full. The
 * same payment again changes nothing. One transaction with the event's inbox row.
 */
export function confirmReservation(
  d: EventDeps & { policy: RefundPolicy },
  event: EventEnvelope<"payment.approved">,
): Promise<{ duplicate: boolean }> {
  const e = event.data;
  const now = d.now();
  return onceForEvent(d.prisma, event.id, async (tx) => {
    const r = await lockReservation(tx, e.reservationId);
    if (!r) return d.warn("payment.approved for an unknown reservation", { reservationId: e.reservationId });
    if (r.paymentId === e.paymentId) return; // replay of a payment we already applied
    const system: Actor = { type: "SYSTEM", id: "payment" };
    const refundWhole = (reason: string) =>
      requestRefund(tx, r.id, { paymentId: e.paymentId, amount: e.amount, reason, kind: "COMPENSATION", actor: system });
    const paid: Prisma.ReservationUpdateManyMutationInput = {
      paymentId: e.paymentId,
      paidAmount: e.amount,
      paidAt: new Date(e.approvedAt),
      refundPolicy: d.policy as unknown as Prisma.InputJsonValue,
    };
    const confirm = async (
      command: "PAYMENT_APPROVED" | "LATE_PAYMENT_RETAKEN",
      reason: string,
      extra: Prisma.ReservationUpdateManyMutationInput = {},
    ) => {
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
      await refundWhole("중복 결제 자동 환불");
      return;
    }
    if (e.amount !== r.totalAmount) {
      // the payment service checks the amount of record; if it ever differs, the customer is made whole
      d.warn("payment.approved amount differs from the reservation total; refunding", { reservationId: r.id });
      if (e.amount > 0) await refundWhole("결제 금액 불일치 자동 환불");
      return;
    }
    if (r.status === "PENDING_PAYMENT") return confirm("PAYMENT_APPROVED", `payment ${e.paymentId} approved`);
    if (r.status === "CANCELLED") {
      // the customer cancelled before paying: their decision stands. The payment is recorded (so its
      // refund is accounted for and a replay is recognised) and given back whole; the status stays.
      d.warn("payment.approved for a reservation the customer cancelled; refunding in full", { reservationId: r.id });
      await recordPaymentWithoutMove(tx, r.id, "CANCELLED", paid);
      r.paymentId = e.paymentId;
      await refundWhole("취소된 예약에 도착한 결제: 전액 환불");
      return;
    }
    if (r.status === "EXPIRED") {
      // paid after the hold ended: keep the booking if the slot still has room, otherwise refund in full
      const slotOpen = r.slot.startsAt.getTime() > now.getTime();
      if (!r.capacityHeld && slotOpen && (await takeCapacity(tx, r.slotId, r.pages))) {
        return confirm("LATE_PAYMENT_RETAKEN", `payment ${e.paymentId} approved after ${r.status}; capacity re-taken`, {
          capacityHeld: true,
          closedAt: null,
        });
      }
      await move(
        tx,
        r,
        "COMPENSATE_LATE_PAYMENT",
        system,
        `payment ${e.paymentId} approved after ${r.status}; slot full, refunding in full`,
        {
          ...paid,
          statusBeforeCancel: r.status,
        },
      );
      await refundWhole("예약 만료 후 결제: 자리가 없어 전액 환불");
      return;
    }
    d.warn("payment.approved for a reservation in an unexpected state; refunding", { reservationId: r.id, status: r.status });
    await refundWhole("처리할 수 없는 결제 자동 환불");
  });
}
