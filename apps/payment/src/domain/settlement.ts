import type { PaymentFailedCode } from "@preprint/contracts";
import type { PortOnePayment } from "../portone/client";

/** Our payment states. PENDING → APPROVED | FAILED | EXPIRED; a bad PAID goes through CANCELLING. */
export type PaymentStatus = "PENDING" | "APPROVED" | "CANCELLING" | "FAILED" | "EXPIRED";

/** What the browser and the API see: CANCELLING is already a failure from the customer's side. */
export function publicStatus(s: string): "PENDING" | "APPROVED" | "FAILED" | "EXPIRED" {
  if (s === "CANCELLING") return "FAILED";
  return s as "PENDING" | "APPROVED" | "FAILED" | "EXPIRED";
}

export interface OurPayment {
  id: string;
  status: string;
  amount: number;
  currency: string;
}

/**
 * What a settlement decision fails a payment with: `payment.failed.code` (@preprint/contracts).
 * The customer's own cancel before paying (RESERVATION_CANCELLED) is recorded by the unpaid
 * cancel, never decided here, and sends no payment.failed.
 */
export type FailureCode = PaymentFailedCode;

export type Decision =
  /** nothing to do now (already final, or PortOne has nothing final yet) */
  | { action: "none"; why: string }
  /** PAID and matching our record: APPROVED + payment.approved, in one transaction */
  | { action: "approve"; method: string | undefined; transactionId: string; channelType: string | undefined; paidAt: string }
  /** PAID but wrong: take the money back at PortOne, then FAILED + payment.failed */
  | { action: "cancel"; code: FailureCode; reason: string; emitFailure: boolean }
  /** cancelled at PortOne already (our cancel, or someone else's): FAILED + payment.failed if not sent */
  | { action: "finishCancel"; code: FailureCode; reason: string }
  /** PortOne says the attempt failed: FAILED + payment.failed */
  | { action: "fail"; code: FailureCode; reason: string };

export interface SettleContext {
  /** sandbox: any channel (the emulator's); test: TEST channels only; live: LIVE channels only */
  mode: "sandbox" | "test" | "live";
}

/** Checks a PAID PortOne payment against our record; returns the first mismatch or undefined. */
export function verifyPaid(
  ours: OurPayment,
  theirs: Extract<PortOnePayment, { status: "PAID" }>,
  ctx: SettleContext,
): { code: FailureCode; reason: string } | undefined {
  if (theirs.id !== ours.id) return { code: "PAYMENT_ID_MISMATCH", reason: `PortOne returned payment ${theirs.id} for ${ours.id}` };
  if (theirs.amount.total !== ours.amount) {
    return { code: "AMOUNT_MISMATCH", reason: `paid ${theirs.amount.total} but the amount of record is ${ours.amount}` };
  }
  if (theirs.currency !== ours.currency)
    return { code: "CURRENCY_MISMATCH", reason: `paid in ${theirs.currency}, expected ${ours.currency}` };
  if (ctx.mode === "live" && theirs.channel?.type !== "LIVE") {
    return { code: "TEST_CHANNEL_IN_LIVE", reason: `paid through a ${theirs.channel?.type ?? "unknown"} channel in live mode` };
  }
  if (ctx.mode === "test" && theirs.channel?.type !== "TEST") {
    return { code: "LIVE_CHANNEL_IN_TEST", reason: `paid through a ${theirs.channel?.type ?? "unknown"} channel in the test stage` };
  }
  return undefined;
}

/**
 * The one settlement rule, shared by the browser's complete call, the webhook and
 * reconciliation. Pure: given our record and PortOne's view, what must happen.
 */
export function decide(ours: OurPayment, theirs: PortOnePayment | undefined, ctx: SettleContext): Decision {
  if (ours.status === "APPROVED") return { action: "none", why: "already approved" };
  if (!theirs) return { action: "none", why: "PortOne does not know the payment yet" };

  switch (theirs.status) {
    case "PAID": {
      if (ours.status === "CANCELLING")
        return { action: "cancel", code: "AMOUNT_MISMATCH", reason: "cancel in progress", emitFailure: true };
      const mismatch = verifyPaid(ours, theirs, ctx);
      if (mismatch) return { action: "cancel", ...mismatch, emitFailure: ours.status !== "FAILED" };
      if (ours.status === "FAILED") {
        // a later attempt on an id we already failed (and told everyone about): give the money back
        return { action: "cancel", code: "LATE_PAYMENT", reason: "paid after the payment had failed", emitFailure: false };
      }
      return {
        action: "approve",
        method: theirs.method ? String(theirs.method.type) : undefined,
        transactionId: theirs.transactionId,
        channelType: theirs.channel?.type,
        paidAt: theirs.paidAt,
      };
    }
    case "FAILED":
      if (ours.status === "PENDING" || ours.status === "EXPIRED") {
        const f = theirs.failure;
        return { action: "fail", code: "PG_DECLINED", reason: f?.reason ?? f?.pgMessage ?? "the payment was declined" };
      }
      return { action: "none", why: `PortOne FAILED, ours ${ours.status}` };
    case "CANCELLED":
    case "PARTIAL_CANCELLED": {
      if (ours.status !== "CANCELLING" && ours.status !== "PENDING" && ours.status !== "EXPIRED" && ours.status !== "FAILED") {
        return { action: "none", why: `PortOne ${theirs.status}, ours ${ours.status}` };
      }
      const mismatch = theirs.amount.total !== ours.amount;
      const code: FailureCode = ours.status === "FAILED" ? "LATE_PAYMENT" : mismatch ? "AMOUNT_MISMATCH" : "CANCELLED_AT_PORTONE";
      const reason =
        ours.status === "FAILED"
          ? "paid after the payment had failed; partly cancelled at PortOne"
          : mismatch
            ? `paid ${theirs.amount.total} but the amount of record is ${ours.amount}; cancelled at PortOne`
            : "cancelled at PortOne before we settled it";
      // partly cancelled at PortOne (a console refund of part of a payment we never approved):
      // we keep none of it, so the rest goes back too
      if (theirs.amount.total - theirs.amount.cancelled > 0)
        return { action: "cancel", code, reason, emitFailure: ours.status !== "FAILED" };
      if (ours.status === "FAILED") return { action: "none", why: `PortOne ${theirs.status}, ours FAILED` };
      return { action: "finishCancel", code, reason };
    }
    default:
      // READY, PAY_PENDING, VIRTUAL_ACCOUNT_ISSUED, or a status this SDK does not know yet
      return { action: "none", why: `PortOne status ${String(theirs.status)}` };
  }
}
