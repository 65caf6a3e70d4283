import { refundFailureCodeOf, type ExternalRefundActor, type RefundFailureCode } from "@preprint/contracts";

/** PortOne errors that mean "not now" rather than "no": the refund stays REQUESTED and is retried. */
export const TRANSIENT_CANCEL_ERRORS: ReadonlySet<string> = new Set([
  "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
  "IDEMPOTENCY_OUTSTANDING_REQUEST",
]);

/** The tag that lets a retry recognise its own cancellation among PortOne's (decision 0033). */
export const refundTag = (refundId: string) => `[ref:${refundId}]`;

/** The refund id in a cancellation reason carrying our tag, if any. */
export function taggedRefundId(reason: string | undefined): string | undefined {
  return /\[ref:([^\]]+)\]/.exec(reason ?? "")?.[1];
}

/** Longest cancel reason we send PortOne (its schema sets no limit; PGs keep short memos). */
export const PORTONE_REASON_MAX = 250;

/**
 * The reason PortOne stores: the tag first, then as much of the reason as fits. Whatever the
 * reason's length, the tag survives, so a retry after a lost answer finds the cancellation it
 * made instead of cancelling again.
 */
export function cancelReason(refundId: string, reason: string): string {
  const tag = refundTag(refundId);
  return `${tag} ${reason}`.slice(0, Math.max(PORTONE_REASON_MAX, tag.length));
}

/**
 * Why a refund could not be made. `code` is what refund.failed carries (a closed list); the row
 * and the metric keep `errorType`, PortOne's own error type (= `code` for ours and for the types
 * the list names).
 */
export interface RefundFailure {
  code: RefundFailureCode;
  errorType?: string;
  message: string;
}

/**
 * PortOne refused the cancel with error `type`: a type the list does not name yet goes out as
 * PORTONE_REJECTED, with PortOne's type kept at the start of the reason.
 */
export function refusedByPortOne(type: string, message: string | undefined): RefundFailure {
  const code = refundFailureCodeOf(type);
  if (code === type) return { code, errorType: type, message: message ?? type };
  return { code, errorType: type, message: message ? `${type}: ${message}` : type };
}

/** PortOne's cancellation `trigger` → who moved the money. */
export function externalActorOf(trigger: unknown): ExternalRefundActor {
  if (trigger === "CONSOLE") return "PORTONE_CONSOLE";
  if (trigger === "PORTONE_ADMIN") return "PORTONE_ADMIN";
  if (trigger === "CHARGEBACK") return "CHARGEBACK";
  return "API";
}

/**
 * How much of an approved payment has gone back: NONE, PARTIAL or FULL (whoever refunded it,
 * the app or PortOne's console). `status` stays the settlement outcome (APPROVED).
 */
export function refundStatusOf(p: { status: string; amount: number; refundedAmount: number }): "NONE" | "PARTIAL" | "FULL" {
  if (p.status !== "APPROVED" || p.refundedAmount <= 0) return "NONE";
  return p.refundedAmount >= p.amount ? "FULL" : "PARTIAL";
}
