import type { ReservationStatus } from "./lifecycle";
import { refundFor, type RefundDecision, type RefundPolicy } from "./refund-policy";

/** Paid statuses a customer may still cancel (with a refund by the policy). */
export const PAID_STATUSES: readonly ReservationStatus[] = ["CONFIRMED", "PRINTING", "READY"];

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

export interface Cancellable {
  id: string;
  status: string;
  paidAmount: number;
  refundedAmount: number;
  /** the policy snapshotted when it was paid */
  refundPolicy: unknown;
  madeToOrderConsentVersion: string | null;
}

/** Whether cancelling needs the refunds already committed (only a paid reservation is refunded). */
export function needsCommittedRefunds(status: string): boolean {
  return PAID_STATUSES.includes(status as ReservationStatus);
}

function previewMessage(d: RefundDecision): string {
  if (d.amount === 0) return "주문 제작 안내에 동의하신 환불 규정에 따라 환불 금액이 없습니다(0원). 취소해도 환불되지 않습니다.";
  const amount = `${d.amount.toLocaleString("ko-KR")}원(${d.percent}%)`;
  if (d.rule === "WITHDRAWAL") return `주문 제작 안내에 동의하지 않은 예약이므로 청약철회에 따라 ${amount}이 환불됩니다.`;
  return `취소하면 ${amount}이 환불됩니다.`;
}

/**
 * What cancelling now would do: unpaid → CANCELLED for free; paid → the policy snapshotted at
 * payment (or `currentPolicy`) applied to paid − `committed` (refunds requested or completed);
 * any other status cannot be cancelled.
 */
export function previewCancellation(r: Cancellable, currentPolicy: RefundPolicy, committed: number): CancelPreview {
  const base = { reservationId: r.id, status: r.status, paidAmount: r.paidAmount, currency: "KRW" as const };
  if (r.status === "PENDING_PAYMENT") {
    return {
      ...base,
      cancellable: true,
      paid: false,
      outcome: "CANCELLED",
      refundPercent: 0,
      refundAmount: 0,
      alreadyRefunded: 0,
      rule: "UNPAID",
      policyVersion: null,
      message: "결제 전 예약이므로 수수료 없이 취소됩니다.",
    };
  }
  if (!PAID_STATUSES.includes(r.status as ReservationStatus)) {
    return {
      ...base,
      cancellable: false,
      paid: r.paidAmount > 0,
      outcome: null,
      refundPercent: 0,
      refundAmount: 0,
      alreadyRefunded: r.refundedAmount,
      rule: null,
      policyVersion: null,
      message: `현재 상태(${r.status})에서는 취소할 수 없습니다.`,
    };
  }
  const policy = (r.refundPolicy as RefundPolicy | null) ?? currentPolicy;
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
