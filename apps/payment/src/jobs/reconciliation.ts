import type { Logger } from "@preprint/service-kit";
import { casStatus, claimForReconciliation, claimRefunds } from "../db/payments";
import type { PrismaClient } from "../db/prisma";
import type { RefundService } from "../services/refunds";
import type { Settlement } from "../services/settlement";
import type { ExternalRefunds } from "../services/external-refunds";
import type { UnknownPayments } from "../services/unknown-payments";

export interface ReconciliationOptions {
  intervalMs: number;
  pendingAfterMs: number;
  abandonAfterMs: number;
  batch: number;
  leaseMs: number;
  /** APPROVED payments approved within this window are re-checked for cancellations made outside the app */
  approvedWindowMs: number;
  /** how often one APPROVED payment is re-checked */
  approvedEveryMs: number;
  /** PAID payments at PortOne within this look-back are checked for ids we never issued or rows we had closed (0: off) */
  unknownLookbackMs: number;
  logger: Logger;
}

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
 * Re-fetches payments left PENDING (lost webhook, closed browser, PortOne down during complete)
 * and CANCELLING ones (a cancel that did not go through), and retries REQUESTED refunds. Rows are
 * claimed with FOR UPDATE SKIP LOCKED and a lease, so N replicas share the work without doing an
 * item twice at once; the settlement itself is idempotent anyway.
 */
export class ReconciliationJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly settlement: Settlement,
    private readonly refunds: RefundService,
    private readonly external: ExternalRefunds,
    private readonly unknown: UnknownPayments,
    private readonly o: ReconciliationOptions,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((err) => this.o.logger.error({ err }, "reconciliation run failed"))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.o.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Items are claimed one at a time, each right before it is worked on: a lease then only has to
   * outlast one item's worst case (src/jobs/leases.ts), never a whole batch waiting its turn.
   */
  async runOnce(): Promise<ReconcileStats> {
    const stats: ReconcileStats = { payments: 0, refunds: 0, expired: 0, external: 0, unknown: 0, late: 0 };
    while (stats.payments < this.o.batch) {
      const [claimed] = await claimForReconciliation(this.prisma, {
        olderThanMs: this.o.pendingAfterMs,
        leaseMs: this.o.leaseMs,
        limit: 1,
        approvedWithinMs: this.o.approvedWindowMs,
      });
      if (!claimed) break;
      const { id } = claimed;
      stats.payments++;
      if (claimed.status === "APPROVED") {
        const s = await this.external.sync(id);
        if (s.kind === "done") stats.external += s.recorded;
        else this.o.logger.warn({ paymentId: id, reason: s.reason }, "could not re-check an approved payment; next time");
        await this.prisma.payment.update({ where: { id }, data: { nextCheckAt: new Date(Date.now() + this.o.approvedEveryMs) } });
        continue;
      }
      const r = await this.settlement.settle(id, "reconcile");
      if (r.kind === "settled" && r.payment.status === "PENDING" && Date.now() - r.payment.createdAt.getTime() > this.o.abandonAfterMs) {
        // PortOne never saw it paid: stop looking. A late payment still settles (EXPIRED → APPROVED)
        // through the webhook or complete; the reservation service decides what that means.
        if (await casStatus(this.prisma, id, ["PENDING"], { status: "EXPIRED", openReservationId: null })) stats.expired++;
      }
      // the lease covered the work; the next look is a re-check period away, not a lease away
      await this.prisma.payment.updateMany({ where: { id, status: { in: ["PENDING", "CANCELLING"] } }, data: { nextCheckAt: new Date(Date.now() + this.o.pendingAfterMs) } });
    }
    while (stats.refunds < this.o.batch) {
      const [claimed] = await claimRefunds(this.prisma, { leaseMs: this.o.leaseMs, limit: 1 });
      if (!claimed) break;
      stats.refunds++;
      await this.refunds.process(claimed.id, { claimed: true });
    }
    if (this.o.unknownLookbackMs > 0) Object.assign(stats, await this.unknown.scan(this.o.unknownLookbackMs));
    if (stats.payments + stats.refunds + stats.unknown + stats.late > 0) this.o.logger.info(stats, "reconciliation run");
    return stats;
  }
}
