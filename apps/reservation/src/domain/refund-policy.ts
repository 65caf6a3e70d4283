import type { ReservationStatus } from "@preprint/contracts";

/**
 * The published cancellation and refund policy. Tiers apply while the reservation is CONFIRMED
 * (printing not started): the first tier whose `minMinutesBefore` the cancellation meets wins.
 * Once printing started the refund is capped at `printingPercent`; once READY it is `readyPercent`.
 */
export interface RefundPolicy {
  version: string;
  tiers: { minMinutesBefore: number; percent: number; label: string }[];
  /** CONFIRMED but the slot has already started */
  afterStartPercent: number;
  printingPercent: number;
  readyPercent: number;
}

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  version: "2026-11-01",
  tiers: [
    { minMinutesBefore: 60, percent: 100, label: "인쇄 시작 전, 픽업 시간 1시간 전까지: 전액 환불" },
    { minMinutesBefore: 0, percent: 50, label: "인쇄 시작 전, 픽업 시간 1시간 이내: 50% 환불" },
  ],
  afterStartPercent: 50,
  printingPercent: 50,
  readyPercent: 0,
};

export interface RefundDecision {
  percent: number;
  /** integer won, rounded down */
  amount: number;
  /** what the percentage applies to: paid minus already refunded */
  refundableBase: number;
  rule: string;
}

/**
 * Refund for a cancellation at `now`. `paid - refunded` is the base, so staff partial refunds
 * already made are never paid twice. Minute-exact: exactly 60 minutes before the slot is still
 * the 100 % tier; one millisecond later it is not.
 */
export function refundFor(
  policy: RefundPolicy,
  input: { status: ReservationStatus; slotStartsAt: Date; paidAmount: number; refundedAmount: number },
  now: Date,
): RefundDecision {
  const base = Math.max(0, input.paidAmount - input.refundedAmount);
  const decide = (percent: number, rule: string): RefundDecision => ({
    percent,
    amount: Math.floor((base * percent) / 100),
    refundableBase: base,
    rule,
  });
  if (input.status === "READY") return decide(policy.readyPercent, "READY");
  if (input.status === "PRINTING") return decide(policy.printingPercent, "PRINTING");
  const msBefore = input.slotStartsAt.getTime() - now.getTime();
  const tiers = [...policy.tiers].sort((a, b) => b.minMinutesBefore - a.minMinutesBefore);
  for (const t of tiers) if (msBefore >= t.minMinutesBefore * 60000) return decide(t.percent, `TIER_${t.minMinutesBefore}`);
  return decide(policy.afterStartPercent, "AFTER_START");
}
