import { annotateSpan } from "@preprint/telemetry";
import { emit } from "../db/outbox";
import { creditRefund, snapshotsOf } from "../db/payments";
import {
  claimRefund,
  completeRefund,
  countRefundAttempt,
  failRefund,
  findRefundWithPayment,
  notePendingCancellation,
  scheduleRefundRetry,
} from "../db/refunds";
import { IMMEDIATE_ROUNDS } from "../domain/leases";
import { cancelReason, refundTag, refusedByPortOne, TRANSIENT_CANCEL_ERRORS, type RefundFailure } from "../domain/refunds";
import type { Payment, Refund } from "../generated/prisma/client";
import type { PortOneCancellation } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import type { PaymentDeps } from "./deps";

type Deps = Pick<PaymentDeps, "prisma" | "portone" | "config" | "logger">;
type RefundWithPayment = Refund & { payment: Payment };

export type RefundOutcome = "succeeded" | "failed" | "retry" | "busy";

/**
 * Refunds at PortOne, exactly once per refundId (the REQUESTED row was written when
 * refund.requested arrived, accept-refund-request.ts):
 * 1. Processing takes a lease on the row, re-reads the payment at PortOne and first looks for a
 *    cancellation carrying this refund's tag: if a previous attempt cancelled and then crashed
 *    before committing, that cancellation is adopted instead of cancelling again.
 * 2. Otherwise it cancels with `currentCancellableAmount` (PortOne refuses if anything changed
 *    since we looked) and the refundId as Idempotency-Key, then commits SUCCEEDED/FAILED and the
 *    event in one transaction.
 * `claimed`: the reconciliation job already holds the lease.
 */
export async function refundPayment(deps: Deps, refundId: string, opts: { claimed?: boolean } = {}): Promise<RefundOutcome> {
  if (!opts.claimed) {
    if (!(await claimRefund(deps.prisma, refundId, deps.config.RECONCILE_LEASE_MS))) return "busy";
  } else {
    await countRefundAttempt(deps.prisma, refundId);
  }
  const refund = await findRefundWithPayment(deps.prisma, refundId);
  annotateSpan({ refundId, paymentId: refund.paymentId, reservationId: refund.reservationId });
  if (refund.status !== "REQUESTED") return refund.status === "SUCCEEDED" ? "succeeded" : "failed";
  const payment = refund.payment;

  if (payment.status !== "APPROVED") {
    await finishFailed(deps, refund, {
      code: "PAYMENT_NOT_PAID",
      message: `the payment is ${payment.status}, not approved`,
      body: undefined,
    });
    return "failed";
  }

  // Partial refunds racing on one payment make PortOne refuse all but one with
  // CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN; re-read and try again a few times at once (jittered)
  // before leaving it to the retry job, so concurrent staff refunds settle in milliseconds.
  for (let round = 1; ; round++) {
    const fetched = await deps.portone.getPayment(payment.id);
    if (!fetched.ok) return retryLater(deps, refund, `getPayment: ${fetched.kind === "rejected" ? fetched.type : fetched.reason}`);
    const theirs = fetched.value;
    const cancellations: PortOneCancellation[] =
      "cancellations" in theirs && Array.isArray(theirs.cancellations) ? theirs.cancellations : [];
    const mine = cancellations.find((c) => "reason" in c && typeof c.reason === "string" && c.reason.includes(refundTag(refund.id)));
    const cancelled = "amount" in theirs ? theirs.amount.cancelled : 0;
    const total = "amount" in theirs ? theirs.amount.total : payment.amount;

    if (mine && mine.status === "SUCCEEDED") {
      deps.logger.warn({ refundId, cancellationId: mine.id }, "adopting a cancellation made by an earlier attempt");
      await finishSucceeded(deps, refund, mine, total - cancelled);
      return "succeeded";
    }
    if (mine && mine.status === "REQUESTED") return retryLater(deps, refund, "cancellation pending at PortOne");

    const cancellable = total - cancelled;
    const r = await deps.portone.cancel(
      payment.id,
      {
        amount: refund.amount,
        reason: cancelReason(refund.id, refund.reason),
        currentCancellableAmount: cancellable,
        requester: (refund.actor as { type?: string }).type === "CUSTOMER" ? "CUSTOMER" : "ADMIN",
      },
      // PortOne replays a key's stored answer (even a 409) and refuses the key on a different
      // body, so the key names this refund *at this cancellable amount*: a lost response is
      // replayed safely, a retry after the amount moved is a new request (the tag lookup above
      // already adopted any cancellation an earlier attempt made).
      `${refund.id}:${cancellable}`,
    );
    if (!r.ok && r.kind !== "unavailable" && r.type === "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN" && round < IMMEDIATE_ROUNDS) {
      await new Promise((resolve) => setTimeout(resolve, 20 * round + Math.random() * 40));
      continue;
    }
    if (r.ok) {
      const c = r.value.cancellation;
      if (c.status === "SUCCEEDED") {
        await finishSucceeded(deps, refund, c, cancellable - c.totalAmount);
        return "succeeded";
      }
      if (c.status === "FAILED") {
        await finishFailed(deps, refund, { code: "CANCELLATION_FAILED", message: "PortOne reported the cancellation as failed", body: c });
        return "failed";
      }
      // REQUESTED (asynchronous cancel): the next attempt finds it by its tag
      await notePendingCancellation(deps.prisma, refund.id, "id" in c ? c.id : null, c);
      return retryLater(deps, refund, "cancellation accepted asynchronously");
    }
    if (r.kind === "unavailable" || TRANSIENT_CANCEL_ERRORS.has(r.type)) {
      return retryLater(deps, refund, `cancel: ${r.kind === "unavailable" ? r.reason : r.type}`);
    }
    await finishFailed(deps, refund, { ...refusedByPortOne(r.type, r.message), body: r.body });
    return "failed";
  }
}

async function retryLater(deps: Deps, refund: Refund, reason: string): Promise<"retry"> {
  deps.logger.warn({ refundId: refund.id, reason }, "refund not finished; will retry");
  await scheduleRefundRetry(deps.prisma, refund.id, reason, new Date(Date.now() + deps.config.REFUND_RETRY_AFTER_MS));
  return "retry";
}

async function finishSucceeded(
  deps: Deps,
  refund: RefundWithPayment,
  c: PortOneCancellation & { status: "SUCCEEDED" },
  remaining: number,
): Promise<void> {
  const completedAt = new Date();
  const done = await deps.prisma.$transaction(async (tx) => {
    if (!(await completeRefund(tx, refund.id, c, completedAt))) return false;
    await creditRefund(tx, refund.paymentId, c.totalAmount);
    await emit(tx, "refund.completed", {
      refundId: refund.id,
      reservationId: refund.reservationId,
      paymentId: refund.paymentId,
      amount: c.totalAmount,
      currency: "KRW",
      cancellationId: c.id,
      remainingAmount: Math.max(0, remaining),
      ...snapshotsOf(refund.payment),
      completedAt: completedAt.toISOString(),
      origin: "APP",
    });
    return true;
  });
  if (done) paymentMetrics.refundCompleted();
}

async function finishFailed(deps: Deps, refund: RefundWithPayment, f: RefundFailure & { body: unknown }): Promise<void> {
  const errorType = f.errorType ?? f.code;
  deps.logger.warn({ refundId: refund.id, errorType }, "refund failed");
  const done = await deps.prisma.$transaction(async (tx) => {
    if (!(await failRefund(tx, refund.id, { errorType, message: f.message, body: f.body }, new Date()))) return false;
    await emit(tx, "refund.failed", {
      refundId: refund.id,
      reservationId: refund.reservationId,
      paymentId: refund.paymentId,
      amount: refund.amount,
      store: snapshotsOf(refund.payment).store,
      errorType: f.code,
      reason: f.message,
    });
    return true;
  });
  if (done) paymentMetrics.refundFailed(errorType);
}
