import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/prisma";
import { cancelKey } from "../portone/cancel-keys";
import type { PortOneApi, PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import type { Settlement } from "./settlement";

export type UnknownOutcome = "cancelled" | "ignored" | "unavailable";

export interface ScanStats {
  /** PAID payments with ids we never issued, cancelled */
  unknown: number;
  /** money that landed on a payment we had already failed or expired, handed to settlement */
  late: number;
}

/** Most pages of recently paid payments one scan reads (100 each). */
const MAX_PAGES = 10;

/** Our rows a payment may still land on after we stopped waiting for it. */
const CLOSED = new Set(["FAILED", "EXPIRED"]);

type Stage = "sandbox" | "test" | "live";

/**
 * Which of the store's payments belong to this stage: a test-stage deployment sharing the store
 * with live must never touch a live customer's payment, nor live a reviewer's. The sandbox
 * emulator serves this application alone.
 */
function isTestOf(mode: Stage): boolean | undefined {
  return mode === "sandbox" ? undefined : mode === "test";
}

function ofThisStage(p: PortOnePayment, mode: Stage): boolean {
  const isTest = isTestOf(mode);
  if (isTest === undefined) return true;
  const type = "channel" in p ? p.channel?.type : undefined;
  return type === (isTest ? "TEST" : "LIVE");
}

/**
 * PAID payments at PortOne that nothing else will look at again:
 * - an id we never issued (every id we issue has a row before the payment window opens): nobody
 *   will ever deliver anything for it, so the money goes back. Logged, counted
 *   (`preprint.payments.unknown`) and cancelled in full, with an Idempotency-Key per payment and
 *   balance so a webhook and the scan, or two replicas, cancel once;
 * - an id whose row is FAILED or EXPIRED (the customer cancelled, the window was given up) but
 *   which was paid anyway and whose webhook was lost: settlement cancels it (LATE_PAYMENT) or
 *   approves it, as it would have on the webhook.
 * Only payments of our store and of this stage's channel type (docs/decisions/0167).
 */
export class UnknownPayments {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly portone: PortOneApi,
    private readonly settlement: Settlement,
    private readonly opts: { storeId: string; mode: Stage; logger: Logger },
  ) {}

  /** One payment id we have no row for (from a webhook). */
  async handle(paymentId: string, theirs?: PortOnePayment): Promise<UnknownOutcome> {
    if (!theirs) {
      const fetched = await this.portone.getPayment(paymentId);
      if (!fetched.ok) return fetched.kind === "rejected" && fetched.type === "PAYMENT_NOT_FOUND" ? "ignored" : "unavailable";
      theirs = fetched.value;
    }
    if ((theirs.status !== "PAID" && theirs.status !== "PARTIAL_CANCELLED") || theirs.storeId !== this.opts.storeId) return "ignored";
    if (!ofThisStage(theirs, this.opts.mode)) return "ignored";
    if (await this.prisma.payment.findUnique({ where: { id: paymentId }, select: { id: true } })) return "ignored";
    const cancellable = theirs.amount.total - theirs.amount.cancelled;
    if (cancellable <= 0) return "ignored";
    this.opts.logger.warn({ paymentId, amount: theirs.amount.total }, "PAID payment with an id we never issued; cancelling it");
    const r = await this.portone.cancel(
      paymentId,
      { reason: "발급하지 않은 결제 번호의 결제 자동 취소", currentCancellableAmount: cancellable, requester: "ADMIN" },
      cancelKey("unknown", paymentId, cancellable),
    );
    if (r.ok || (r.kind === "rejected" && r.type === "PAYMENT_ALREADY_CANCELLED")) {
      if (r.ok) paymentMetrics.unknownPayment();
      return "cancelled";
    }
    this.opts.logger.error({ paymentId, reason: r.kind === "rejected" ? r.type : r.reason }, "could not cancel a payment we never issued; next scan retries");
    return "unavailable";
  }

  /**
   * Lists payments PortOne marked PAID (or partly cancelled) within `lookbackMs`, for this store
   * and stage, and handles those we have no row for and those that landed on a row we had closed.
   */
  async scan(lookbackMs: number): Promise<ScanStats> {
    const until = new Date();
    const from = new Date(until.getTime() - lookbackMs);
    const isTest = isTestOf(this.opts.mode);
    const stats: ScanStats = { unknown: 0, late: 0 };
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await this.portone.listPayments({
        page: { number: page, size: 100 },
        filter: {
          storeId: this.opts.storeId,
          status: ["PAID", "PARTIAL_CANCELLED"],
          timestampType: "STATUS_CHANGED_AT",
          from: from.toISOString(),
          until: until.toISOString(),
          ...(isTest === undefined ? {} : { isTest }),
        },
      });
      if (!listed.ok) {
        this.opts.logger.warn({ reason: listed.kind === "rejected" ? listed.type : listed.reason }, "could not list recent payments at PortOne; next run");
        return stats;
      }
      // the SDK's union has an "unknown status" member without fields; we asked for these two only
      const items = listed.value.items.filter(
        (p): p is Extract<PortOnePayment, { status: "PAID" | "PARTIAL_CANCELLED" }> => p.status === "PAID" || p.status === "PARTIAL_CANCELLED",
      );
      const ids = items.map((p) => p.id);
      const ours = new Map((await this.prisma.payment.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } })).map((p) => [p.id, p.status]));
      for (const p of items) {
        const status = ours.get(p.id);
        if (status === undefined) {
          if ((await this.handle(p.id, p)) === "cancelled") stats.unknown++;
        } else if (CLOSED.has(status) && ofThisStage(p, this.opts.mode)) {
          const r = await this.settlement.settle(p.id, "reconcile");
          if (r.kind === "settled" && r.decision !== "none") stats.late++;
        }
      }
      if (listed.value.items.length < 100) break;
    }
    return stats;
  }
}
