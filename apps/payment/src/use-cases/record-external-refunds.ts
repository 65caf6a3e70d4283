import { newId, REFUND_REASON_MAX, type ExternalRefundActor } from "@preprint/contracts";
import type { Tx } from "../db/client";
import { emit } from "../db/outbox";
import { creditRefund, getPaymentWithRefundRefs, snapshotsOf } from "../db/payments";
import { insertExternalRefund, reviveFailedRefund } from "../db/refunds";
import { externalActorOf, taggedRefundId } from "../domain/refunds";
import type { PortOneCancellation, PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import type { PaymentDeps } from "./deps";

type Deps = Pick<PaymentDeps, "prisma" | "portone" | "logger">;
type Succeeded = Extract<PortOneCancellation, { status: "SUCCEEDED" }>;
type Ours = { id: string; reservationId: string; customer: unknown; store: unknown };

export type ExternalSyncOutcome = { kind: "unavailable"; reason: string } | { kind: "done"; recorded: number };

/**
 * Money moved outside the app: cancellations of an APPROVED payment that none of our refunds
 * made (a refund in PortOne's console, a PG-side cancel, a chargeback). Each is recorded once as
 * a SUCCEEDED refund keyed by PortOne's cancellation id (unique column: a webhook and the
 * reconciliation job finding the same one record it once), with refund.completed
 * (origin EXTERNAL) in the same transaction. Our own cancellations carry their refund's tag
 * and are left to that refund while it is in flight (decision 0033); one whose refund ended
 * FAILED is adopted as that refund's success.
 */
export async function recordExternalRefunds(deps: Deps, paymentId: string, theirs?: PortOnePayment): Promise<ExternalSyncOutcome> {
  if (!theirs) {
    const fetched = await deps.portone.getPayment(paymentId);
    if (!fetched.ok) return { kind: "unavailable", reason: fetched.kind === "rejected" ? `PortOne ${fetched.type}` : fetched.reason };
    theirs = fetched.value;
  }
  const cancellations: PortOneCancellation[] = "cancellations" in theirs && Array.isArray(theirs.cancellations) ? theirs.cancellations : [];
  const succeeded = cancellations.filter((c): c is Succeeded => c.status === "SUCCEEDED");
  if (succeeded.length === 0) return { kind: "done", recorded: 0 };

  const ours = await getPaymentWithRefundRefs(deps.prisma, paymentId);
  if (ours.status !== "APPROVED") return { kind: "done", recorded: 0 };
  const known = new Set(ours.refunds.map((r) => r.portoneCancellationId).filter(Boolean));
  const ourRefunds = new Map(ours.refunds.map((r) => [r.id, r.status]));
  let recorded = 0;
  for (const c of succeeded) {
    if (known.has(c.id)) continue;
    const tag = taggedRefundId(c.reason);
    const tagged = tag === undefined ? undefined : ourRefunds.get(tag);
    if (tagged === "REQUESTED") continue; // ours, still being finished by its refund
    // ours, but the refund ended FAILED (PortOne refused an attempt, another went through):
    // the money went back, so the refund succeeded after all
    if (tagged === "FAILED" && (await adopt(deps, ours, tag!, c))) {
      recorded++;
      continue;
    }
    if (await record(deps, ours, c)) recorded++;
  }
  return { kind: "done", recorded };
}

/**
 * The part every recorded cancellation shares: the payment's refunded amount goes up by it and
 * `refund.completed` goes out, in the caller's transaction (so once, with the row that records it).
 */
async function creditAndAnnounce(
  tx: Tx,
  ours: Ours,
  refundId: string,
  c: Succeeded,
  completedAt: Date,
  origin: { origin: "APP" } | { origin: "EXTERNAL"; externalActor: ExternalRefundActor; reason?: string },
): Promise<void> {
  const p = await creditRefund(tx, ours.id, c.totalAmount);
  await emit(tx, "refund.completed", {
    refundId,
    reservationId: ours.reservationId,
    paymentId: ours.id,
    amount: c.totalAmount,
    currency: "KRW",
    cancellationId: c.id,
    remainingAmount: Math.max(0, p.amount - p.refundedAmount),
    ...snapshotsOf(ours),
    completedAt: completedAt.toISOString(),
    ...origin,
  });
}

/** A FAILED refund of ours whose tagged cancellation SUCCEEDED at PortOne → SUCCEEDED, once. */
async function adopt(deps: Deps, ours: Ours, refundId: string, c: Succeeded): Promise<boolean> {
  const completedAt = c.cancelledAt ? new Date(c.cancelledAt) : new Date();
  const done = await deps.prisma.$transaction(async (tx) => {
    if (!(await reviveFailedRefund(tx, refundId, c, completedAt))) return false;
    await creditAndAnnounce(tx, ours, refundId, c, completedAt, { origin: "APP" });
    return true;
  });
  if (done) {
    deps.logger.warn(
      { paymentId: ours.id, refundId, cancellationId: c.id, amount: c.totalAmount },
      "a refund recorded as failed went through at PortOne; recorded as succeeded",
    );
    paymentMetrics.refundCompleted();
  }
  return done;
}

async function record(deps: Deps, ours: Ours, c: Succeeded): Promise<boolean> {
  const actor = externalActorOf(c.trigger);
  const reason = (c.reason ?? "").slice(0, REFUND_REASON_MAX);
  const refundId = newId("rfd");
  const completedAt = c.cancelledAt ? new Date(c.cancelledAt) : new Date();
  const done = await deps.prisma.$transaction(async (tx) => {
    const inserted = await insertExternalRefund(tx, {
      id: refundId,
      paymentId: ours.id,
      reservationId: ours.reservationId,
      amount: c.totalAmount,
      reason,
      actor,
      cancellation: c,
      requestedAt: new Date(c.requestedAt ?? completedAt),
      completedAt,
    });
    if (!inserted) return false;
    await creditAndAnnounce(tx, ours, refundId, c, completedAt, {
      origin: "EXTERNAL",
      externalActor: actor,
      ...(reason ? { reason } : {}),
    });
    return true;
  });
  if (done) {
    deps.logger.warn(
      { paymentId: ours.id, refundId, cancellationId: c.id, actor, amount: c.totalAmount },
      "cancellation made outside the app recorded",
    );
    paymentMetrics.externalRefund(actor);
  }
  return done;
}
