import { casStatus, claimForReconciliation, scheduleNextCheck, scheduleNextCheckWhileUnsettled } from "../db/payments";
import { claimRefunds } from "../db/refunds";
import type { PaymentDeps } from "./deps";
import { recordExternalRefunds } from "./record-external-refunds";
import { refundPayment } from "./refund-payment";
import { settlePayment } from "./settle-payment";
import { sweepRecentPayments } from "./sweep-recent-payments";

export interface ReconcileStats {
  payments: number;
  refunds: number;
  expired: number;
  /** cancellations made outside the app, recorded by this run */
  external: number;
  /** PAID payments with ids we never issued, cancelled by this run */
  unknown: number;
  /** payments found paid after we had failed or expired them, settled by this run */
  late: number;
}

/**
 * One reconciliation run: re-fetches payments left PENDING (lost webhook, closed browser, PortOne
 * down during complete) and CANCELLING ones (a cancel that did not go through), re-checks recently
 * APPROVED ones for cancellations made outside the app, retries REQUESTED refunds, and sweeps
 * PortOne's recently paid payments. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease, so
 * N replicas share the work without doing an item twice at once; the settlement itself is
 * idempotent anyway. Items are claimed one at a time, each right before it is worked on: a lease
 * then only has to outlast one item's worst case (src/domain/leases.ts), never a whole batch
 * waiting its turn.
 */
export async function reconcilePayments(deps: PaymentDeps): Promise<ReconcileStats> {
  const c = deps.config;
  const stats: ReconcileStats = { payments: 0, refunds: 0, expired: 0, external: 0, unknown: 0, late: 0 };
  while (stats.payments < c.RECONCILE_BATCH) {
    const [claimed] = await claimForReconciliation(deps.prisma, {
      olderThanMs: c.RECONCILE_PENDING_AFTER_MS,
      leaseMs: c.RECONCILE_LEASE_MS,
      limit: 1,
      approvedWithinMs: c.RECONCILE_APPROVED_WINDOW_DAYS * 86_400_000,
    });
    if (!claimed) break;
    const { id } = claimed;
    stats.payments++;
    if (claimed.status === "APPROVED") {
      const s = await recordExternalRefunds(deps, id);
      if (s.kind === "done") stats.external += s.recorded;
      else deps.logger.warn({ paymentId: id, reason: s.reason }, "could not re-check an approved payment; next time");
      await scheduleNextCheck(deps.prisma, id, new Date(Date.now() + c.RECONCILE_APPROVED_EVERY_MS));
      continue;
    }
    const r = await settlePayment(deps, id, "reconcile");
    if (
      r.kind === "settled" &&
      r.payment.status === "PENDING" &&
      Date.now() - r.payment.createdAt.getTime() > c.RECONCILE_ABANDON_AFTER_MS
    ) {
      // PortOne never saw it paid: stop looking. A late payment still settles (EXPIRED → APPROVED)
      // through the webhook or complete; the reservation service decides what that means.
      if (await casStatus(deps.prisma, id, ["PENDING"], { status: "EXPIRED", openReservationId: null })) stats.expired++;
    }
    // the lease covered the work; the next look is a re-check period away, not a lease away
    await scheduleNextCheckWhileUnsettled(deps.prisma, id, new Date(Date.now() + c.RECONCILE_PENDING_AFTER_MS));
  }
  while (stats.refunds < c.RECONCILE_BATCH) {
    const [claimed] = await claimRefunds(deps.prisma, { leaseMs: c.RECONCILE_LEASE_MS, limit: 1 });
    if (!claimed) break;
    stats.refunds++;
    await refundPayment(deps, claimed.id, { claimed: true });
  }
  if (c.RECONCILE_UNKNOWN_LOOKBACK_MS > 0) Object.assign(stats, await sweepRecentPayments(deps, c.RECONCILE_UNKNOWN_LOOKBACK_MS));
  if (stats.payments + stats.refunds + stats.unknown + stats.late > 0) deps.logger.info(stats, "reconciliation run");
  return stats;
}
