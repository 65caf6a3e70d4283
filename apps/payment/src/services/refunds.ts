import { annotateSpan } from "@preprint/telemetry";
import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import { claimRefund } from "../db/payments";
import type { Prisma, PrismaClient } from "../db/prisma";
import type { Refund } from "../generated/prisma/client";
import type { PortOneApi, PortOneCancellation } from "../portone/client";
import { emit, type CustomerSnapshot, type StoreSnapshot } from "./events";
import { paymentMetrics } from "../telemetry/metrics";
import { IMMEDIATE_ROUNDS } from "../jobs/leases";

export const CONSUMER = "payment";

/** PortOne errors that mean "not now" rather than "no": the refund stays REQUESTED and is retried. */
const TRANSIENT = new Set(["CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", "IDEMPOTENCY_OUTSTANDING_REQUEST"]);

/** The tag that lets a retry recognise its own cancellation among PortOne's (decision 0033). */
export const refundTag = (refundId: string) => `[ref:${refundId}]`;

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

const jsonOf = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

export type RefundOutcome = "succeeded" | "failed" | "retry" | "busy";

/**
 * Refunds at PortOne, exactly once per refundId:
 * 1. `refund.requested` is recorded as a REQUESTED row (primary key = refundId, plus the inbox)
 *    before PortOne is called; that row is the retry path (the job picks it up).
 * 2. Processing takes a lease on the row, re-reads the payment at PortOne and first looks for a
 *    cancellation carrying this refund's tag: if a previous attempt cancelled and then crashed
 *    before committing, that cancellation is adopted instead of cancelling again.
 * 3. Otherwise it cancels with `currentCancellableAmount` (PortOne refuses if anything changed
 *    since we looked) and the refundId as Idempotency-Key, then commits SUCCEEDED/FAILED and the
 *    event in one transaction.
 */
export class RefundService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly portone: PortOneApi,
    private readonly opts: { logger: Logger; leaseMs: number; retryAfterMs: number },
  ) {}

  /** Consumer of refund.requested. Returns the refund id to process, or undefined for a duplicate. */
  async record(event: EventEnvelope<"refund.requested">): Promise<string | undefined> {
    const d = event.data;
    const r = await handleOnce(this.prisma, CONSUMER, event.id, async (tx) => {
      const payment = await tx.payment.findUnique({ where: { id: d.paymentId } });
      if (!payment) throw new Error(`refund.requested for unknown payment ${d.paymentId}`); // retried, then parked in the DLQ
      const { count } = await tx.refund.createMany({
        data: [{ id: d.refundId, paymentId: d.paymentId, reservationId: d.reservationId, amount: d.amount, reason: d.reason, actor: d.requestedBy, requestEventId: event.id }],
        skipDuplicates: true, // the same refundId again (another event id) changes nothing
      });
      return count;
    });
    return r.duplicate ? undefined : d.refundId;
  }

  async process(refundId: string, opts: { claimed?: boolean } = {}): Promise<RefundOutcome> {
    if (!opts.claimed) {
      if (!(await claimRefund(this.prisma, refundId, this.opts.leaseMs))) return "busy";
    } else {
      await this.prisma.refund.update({ where: { id: refundId }, data: { attempts: { increment: 1 } } });
    }
    const refund = await this.prisma.refund.findUniqueOrThrow({ where: { id: refundId }, include: { payment: true } });
    annotateSpan({ refundId, paymentId: refund.paymentId, reservationId: refund.reservationId });
    if (refund.status !== "REQUESTED") return refund.status === "SUCCEEDED" ? "succeeded" : "failed";
    const payment = refund.payment;

    if (payment.status !== "APPROVED") {
      await this.finishFailed(refund, "PAYMENT_NOT_PAID", `the payment is ${payment.status}, not approved`, undefined);
      return "failed";
    }

    // Partial refunds racing on one payment make PortOne refuse all but one with
    // CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN; re-read and try again a few times at once (jittered)
    // before leaving it to the retry job, so concurrent staff refunds settle in milliseconds.
    for (let round = 1; ; round++) {
      const fetched = await this.portone.getPayment(payment.id);
      if (!fetched.ok) return this.retryLater(refund, `getPayment: ${fetched.kind === "rejected" ? fetched.type : fetched.reason}`);
      const theirs = fetched.value;
      const cancellations: PortOneCancellation[] = "cancellations" in theirs && Array.isArray(theirs.cancellations) ? theirs.cancellations : [];
      const mine = cancellations.find((c) => "reason" in c && typeof c.reason === "string" && c.reason.includes(refundTag(refund.id)));
      const cancelled = "amount" in theirs ? theirs.amount.cancelled : 0;
      const total = "amount" in theirs ? theirs.amount.total : payment.amount;

      if (mine && mine.status === "SUCCEEDED") {
        this.opts.logger.warn({ refundId, cancellationId: mine.id }, "adopting a cancellation made by an earlier attempt");
        await this.finishSucceeded(refund, mine, total - cancelled);
        return "succeeded";
      }
      if (mine && mine.status === "REQUESTED") return this.retryLater(refund, "cancellation pending at PortOne");

      const cancellable = total - cancelled;
      const r = await this.portone.cancel(
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
          await this.finishSucceeded(refund, c, cancellable - c.totalAmount);
          return "succeeded";
        }
        if (c.status === "FAILED") {
          await this.finishFailed(refund, "CANCELLATION_FAILED", "PortOne reported the cancellation as failed", c);
          return "failed";
        }
        // REQUESTED (asynchronous cancel): the next attempt finds it by its tag
        await this.prisma.refund.update({ where: { id: refund.id }, data: { portoneCancellationId: "id" in c ? c.id : null, portoneResponse: jsonOf(c) } });
        return this.retryLater(refund, "cancellation accepted asynchronously");
      }
      if (r.kind === "unavailable" || TRANSIENT.has(r.type)) {
        return this.retryLater(refund, `cancel: ${r.kind === "unavailable" ? r.reason : r.type}`);
      }
      await this.finishFailed(refund, r.type, r.message ?? r.type, r.body);
      return "failed";
    }
  }

  private async retryLater(refund: Refund, reason: string): Promise<"retry"> {
    this.opts.logger.warn({ refundId: refund.id, reason }, "refund not finished; will retry");
    await this.prisma.refund.update({
      where: { id: refund.id },
      data: { lastError: reason, nextAttemptAt: new Date(Date.now() + this.opts.retryAfterMs) },
    });
    return "retry";
  }

  private async finishSucceeded(refund: Refund & { payment: { customer: unknown; store: unknown } }, c: PortOneCancellation & { status: "SUCCEEDED" }, remaining: number) {
    const done = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.refund.updateMany({
        where: { id: refund.id, status: "REQUESTED" },
        data: { status: "SUCCEEDED", portoneCancellationId: c.id, portoneResponse: jsonOf(c), completedAt: new Date(), lastError: null },
      });
      if (count !== 1) return false;
      await tx.payment.update({ where: { id: refund.paymentId }, data: { refundedAmount: { increment: c.totalAmount } } });
      await emit(tx, "refund.completed", {
        refundId: refund.id,
        reservationId: refund.reservationId,
        paymentId: refund.paymentId,
        amount: c.totalAmount,
        currency: "KRW",
        cancellationId: c.id,
        remainingAmount: Math.max(0, remaining),
        customer: refund.payment.customer as CustomerSnapshot,
        store: refund.payment.store as StoreSnapshot,
        completedAt: new Date().toISOString(),
        origin: "APP",
      });
      return true;
    });
    if (done) paymentMetrics.refundCompleted();
  }

  private async finishFailed(refund: Refund & { payment: { store: unknown } }, errorType: string, message: string, body: unknown) {
    this.opts.logger.warn({ refundId: refund.id, errorType }, "refund failed");
    const done = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.refund.updateMany({
        where: { id: refund.id, status: "REQUESTED" },
        data: { status: "FAILED", errorType, errorMessage: message, portoneResponse: body === undefined ? undefined : jsonOf(body), completedAt: new Date() },
      });
      if (count !== 1) return false;
      await emit(tx, "refund.failed", {
        refundId: refund.id,
        reservationId: refund.reservationId,
        paymentId: refund.paymentId,
        amount: refund.amount,
        store: refund.payment.store as StoreSnapshot,
        errorType,
        reason: message,
      });
      return true;
    });
    if (done) paymentMetrics.refundFailed(errorType);
  }
}
