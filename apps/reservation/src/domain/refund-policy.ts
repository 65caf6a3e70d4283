import type { ReservationStatus } from "@preprint/contracts";

/**
 * The published cancellation and refund policy, written to 전자상거래법 as it reads:
 * - §17①: the customer may withdraw within 7 days; a cancellation before pickup is always inside
 *   that window, so it is a full refund.
 * - §17②6 with 시행령 §21: goods made to the customer's order may be excluded from withdrawal only
 *   if the customer was told so separately and agreed explicitly before paying. Only then, and
 *   only once printing has started, may the refund be less than the whole.
 * A reservation without that consent (or with consent to another version of the notice) is
 * refunded in full whatever its state.
 */
export interface RefundPolicy {
  version: string;
  /** refund once printing started, when the made-to-order notice was accepted */
  printingPercent: number;
  /** refund once the prints are ready, when the made-to-order notice was accepted */
  readyPercent: number;
}

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  version: "2026-12-06",
  printingPercent: 50,
  readyPercent: 0,
};

/** 전자상거래법 §17①: days to withdraw, counted from the contract or, if later, the supply */
export const WITHDRAWAL_DAYS = 7;

export const WITHDRAWAL_LAW = "전자상거래법 제17조 제1항";
export const MADE_TO_ORDER_LAW = "전자상거래법 제17조 제2항 제6호, 같은 법 시행령 제21조";

/** Bumped whenever the wording below changes: a consent names the exact text it was given to. */
const NOTICE_REVISION = "n1";

export function madeToOrderNoticeVersion(policy: Pick<RefundPolicy, "version">): string {
  return `${policy.version}.${NOTICE_REVISION}`;
}

function percentText(p: number): string {
  return p === 0 ? "환불되지 않습니다" : p === 100 ? "전액 환불됩니다" : `결제 금액의 ${p}%가 환불됩니다`;
}

/** The separate notice the customer must accept before paying for the exception to apply. */
export function madeToOrderNotice(policy: RefundPolicy): { version: string; text: string; law: string } {
  const text = [
    "[주문 제작 인쇄물의 청약철회 제한 안내]",
    "인쇄물은 이용자가 올린 파일과 고른 옵션대로 개별 제작되어, 인쇄가 시작되면 되돌리거나 다른 사람에게 판매할 수 없습니다.",
    "「전자상거래 등에서의 소비자보호에 관한 법률」 제17조 제2항 제6호와 같은 법 시행령 제21조에 따라, 이 안내에 동의하시면 매장에서 인쇄를 시작한 뒤에는 청약철회가 제한되고 아래 기준으로 환불됩니다.",
    "- 인쇄 시작 전 취소: 언제든 전액 환불됩니다.",
    `- 인쇄가 시작된 뒤 취소: ${percentText(policy.printingPercent)}.`,
    `- 인쇄 완료(수령 대기) 뒤 취소: ${percentText(policy.readyPercent)}.`,
    "- 인쇄물이 주문 내용과 다르거나 불량이면 이 동의와 관계없이 재인쇄 또는 전액 환불해 드립니다(같은 법 제17조 제3항).",
  ].join("\n");
  return { version: madeToOrderNoticeVersion(policy), text, law: MADE_TO_ORDER_LAW };
}

export interface RefundDecision {
  percent: number;
  /** integer won, rounded down */
  amount: number;
  /** what the percentage applies to: paid minus already refunded */
  refundableBase: number;
  rule: "BEFORE_PRINTING" | "WITHDRAWAL" | "PRINTING" | "READY";
}

/**
 * Refund for a cancellation. `paid - refunded` is the base, so staff partial refunds already made
 * are never paid twice. A deduction needs both: printing has started, and the customer accepted
 * the made-to-order notice of this very policy version before paying.
 */
export function refundFor(
  policy: RefundPolicy,
  input: { status: ReservationStatus; paidAmount: number; refundedAmount: number; madeToOrderConsentVersion: string | null },
): RefundDecision {
  const base = Math.max(0, input.paidAmount - input.refundedAmount);
  const decide = (percent: number, rule: RefundDecision["rule"]): RefundDecision => ({
    percent,
    amount: Math.floor((base * percent) / 100),
    refundableBase: base,
    rule,
  });
  const printed = input.status === "PRINTING" || input.status === "READY";
  if (!printed) return decide(100, "BEFORE_PRINTING");
  if (input.madeToOrderConsentVersion !== madeToOrderNoticeVersion(policy)) return decide(100, "WITHDRAWAL");
  return input.status === "READY" ? decide(policy.readyPercent, "READY") : decide(policy.printingPercent, "PRINTING");
}

/** Korean lines for the policy page, derived from the policy so the two never disagree. */
export function policySummary(policy: RefundPolicy): string[] {
  return [
    "결제 전 예약은 언제든 무료로 취소할 수 있습니다.",
    "인쇄 시작 전: 언제든 전액 환불됩니다.",
    `인쇄가 시작된 뒤: 주문 제작 안내에 동의한 예약은 ${percentText(policy.printingPercent)}. 동의하지 않은 예약은 전액 환불됩니다.`,
    `인쇄 완료(수령 대기) 뒤: 주문 제작 안내에 동의한 예약은 ${percentText(policy.readyPercent)}. 동의하지 않은 예약은 전액 환불됩니다.`,
    `청약철회: 계약일(인쇄물을 그보다 늦게 받으면 받은 날)부터 ${WITHDRAWAL_DAYS}일 안에 할 수 있습니다(${WITHDRAWAL_LAW}).`,
    "인쇄물이 주문 내용과 다르거나 불량이면 받은 날부터 3개월, 그 사실을 안 날부터 30일 안에 전액 환불받을 수 있습니다.",
    "환불 금액은 결제 금액에서 이미 환불된 금액을 뺀 금액에 비율을 적용하며, 원 단위 미만은 버립니다.",
  ];
}
