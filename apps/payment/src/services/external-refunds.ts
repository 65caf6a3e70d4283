import { newId, REFUND_REASON_MAX, type ExternalRefundActor } from "@preprint/contracts";
import type { Logger } from "@preprint/service-kit";
import type { Prisma, PrismaClient, Tx } from "../db/prisma";
import type { PortOneApi, PortOneCancellation, PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import { emit, type CustomerSnapshot, type StoreSnapshot } from "./events";

const jsonOf = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;
const TAG = /\[ref:([^\]]+)\]/;

/** PortOne's cancellation `trigger` → who moved the money. */
export function externalActorOf(trigger: unknown): ExternalRefundActor {
  if (trigger === "CONSOLE") return "PORTONE_CONSOLE";
  if (trigger === "PORTONE_ADMIN") return "PORTONE_ADMIN";
  if (trigger === "CHARGEBACK") return "CHARGEBACK";
  return "API";
}

/**
 * The part every recorded cancellation shares: the payment's refunded amount goes up by it and
 * `refund.completed` goes out, in the caller's transaction (so once, with the row that records it).
 */
async function creditAndAnnounce(
  tx: Tx,
  ours: { id: string; reservationId: string; customer: unknown; store: unknown },
  refundId: string,
  c: Extract<PortOneCancellation, { status: "SUCCEEDED" }>,
  completedAt: Date,
  origin: { origin: "APP" } | { origin: "EXTERNAL"; externalActor: ExternalRefundActor; reason?: string },
): Promise<void> {
  const p = await tx.payment.update({ where: { id: ours.id }, data: { refundedAmount: { increment: c.totalAmount } } });
  await emit(tx, "refund.completed", {
    refundId,
    reservationId: ours.reservationId,
    paymentId: ours.id,
    amount: c.totalAmount,
    currency: "KRW",
    cancellationId: c.id,
    remainingAmount: Math.max(0, p.amount - p.refundedAmount),
    customer: ours.customer as CustomerSnapshot,
    store: ours.store as StoreSnapshot,
    completedAt: completedAt.toISOString(),
    ...origin,
  });
}

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
export class ExternalRefunds {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly portone: PortOneApi,
    private readonly logger: Logger,
  ) {}

  async sync(paymentId: string, theirs?: PortOnePayment): Promise<ExternalSyncOutcome> {
    if (!theirs) {
      const fetched = await this.portone.getPayment(paymentId);
      if (!fetched.ok) return { kind: "unavailable", reason: fetched.kind === "rejected" ? `PortOne ${fetched.type}` : fetched.reason };
      theirs = fetched.value;
    }
    const cancellations: PortOneCancellation[] = "cancellations" in theirs && Array.isArray(theirs.cancellations) ? theirs.cancellations : [];
    const succeeded = cancellations.filter((c): c is Extract<PortOneCancellation, { status: "SUCCEEDED" }> => c.status === "SUCCEEDED");
    if (succeeded.length === 0) return { kind: "done", recorded: 0 };

    const ours = await this.prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { refunds: { select: { id: true, status: true, portoneCancellationId: true } } } });
    if (ours.status !== "APPROVED") return { kind: "done", recorded: 0 };
    const known = new Set(ours.refunds.map((r) => r.portoneCancellationId).filter(Boolean));
    const ourRefunds = new Map(ours.refunds.map((r) => [r.id, r.status]));
    let recorded = 0;
    for (const c of succeeded) {
      if (known.has(c.id)) continue;
      const tag = TAG.exec(c.reason ?? "")?.[1];
      const tagged = tag === undefined ? undefined : ourRefunds.get(tag);
      if (tagged === "REQUESTED") continue; // ours, still being finished by its refund
      // ours, but the refund ended FAILED (PortOne refused an attempt, another went through):
      // the money went back, so the refund succeeded after all
      if (tagged === "FAILED" && (await this.adopt(ours, tag!, c))) {
        recorded++;
        continue;
      }
      if (await this.record(ours, c)) recorded++;
    }
    return { kind: "done", recorded };
  }

  /** A FAILED refund of ours whose tagged cancellation SUCCEEDED at PortOne → SUCCEEDED, once. */
  private async adopt(ours: { id: string; reservationId: string; customer: unknown; store: unknown }, refundId: string, c: Extract<PortOneCancellation, { status: "SUCCEEDED" }>): Promise<boolean> {
    const completedAt = c.cancelledAt ? new Date(c.cancelledAt) : new Date();
    const done = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.refund.updateMany({
        where: { id: refundId, status: "FAILED" },
        data: { status: "SUCCEEDED", amount: c.totalAmount, portoneCancellationId: c.id, portoneResponse: jsonOf(c), completedAt, errorType: null, errorMessage: null, lastError: null },
      });
      if (count !== 1) return false;
      await creditAndAnnounce(tx, ours, refundId, c, completedAt, { origin: "APP" });
      return true;
    });
    if (done) {
      this.logger.warn({ paymentId: ours.id, refundId, cancellationId: c.id, amount: c.totalAmount }, "a refund recorded as failed went through at PortOne; recorded as succeeded");
      paymentMetrics.refundCompleted();
    }
    return done;
  }

  private async record(ours: { id: string; reservationId: string; amount: number; customer: unknown; store: unknown }, c: Extract<PortOneCancellation, { status: "SUCCEEDED" }>): Promise<boolean> {
    const actor = externalActorOf(c.trigger);
    const reason = (c.reason ?? "").slice(0, REFUND_REASON_MAX);
    const refundId = newId("rfd");
    const completedAt = c.cancelledAt ? new Date(c.cancelledAt) : new Date();
    const done = await this.prisma.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO refunds (id, payment_id, reservation_id, amount, reason, actor, status, portone_cancellation_id, portone_response, requested_at, completed_at)
        VALUES (${refundId}, ${ours.id}, ${ours.reservationId}, ${c.totalAmount}, ${reason}, ${JSON.stringify({ type: "EXTERNAL", actor })}::jsonb,
                'SUCCEEDED', ${c.id}, ${JSON.stringify(jsonOf(c))}::jsonb, ${new Date(c.requestedAt ?? completedAt)}, ${completedAt})
        ON CONFLICT (portone_cancellation_id) DO NOTHING`;
      if (inserted !== 1) return false;
      await creditAndAnnounce(tx, ours, refundId, c, completedAt, { origin: "EXTERNAL", externalActor: actor, ...(reason ? { reason } : {}) });
      return true;
    });
    if (done) {
      this.logger.warn({ paymentId: ours.id, refundId, cancellationId: c.id, actor, amount: c.totalAmount }, "cancellation made outside the app recorded");
      paymentMetrics.externalRefund(actor);
    }
    return done;
  }
}
