import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/prisma";
import type { PortOneApi, PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";

export type UnknownOutcome = "cancelled" | "ignored" | "unavailable";

/** Most pages of recently paid payments one scan reads (100 each). */
const MAX_PAGES = 10;

/**
 * PAID payments at PortOne whose id we never issued (every id we issue has a row before the
 * payment window opens): nobody will ever deliver anything for them, so the money goes back.
 * Logged, counted (`preprint.payments.unknown`) and cancelled in full, with an Idempotency-Key
 * per payment so a webhook and the scan, or two replicas, cancel once. This assumes the PortOne
 * store serves this application alone (docs/decisions/0167).
 */
export class UnknownPayments {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly portone: PortOneApi,
    private readonly opts: { storeId: string; logger: Logger },
  ) {}

  /** One payment id we have no row for (from a webhook). */
  async handle(paymentId: string, theirs?: PortOnePayment): Promise<UnknownOutcome> {
    if (!theirs) {
      const fetched = await this.portone.getPayment(paymentId);
      if (!fetched.ok) return fetched.kind === "rejected" && fetched.type === "PAYMENT_NOT_FOUND" ? "ignored" : "unavailable";
      theirs = fetched.value;
    }
    if (theirs.status !== "PAID" || theirs.storeId !== this.opts.storeId) return "ignored";
    if (await this.prisma.payment.findUnique({ where: { id: paymentId }, select: { id: true } })) return "ignored";
    const cancellable = theirs.amount.total - theirs.amount.cancelled;
    this.opts.logger.warn({ paymentId, amount: theirs.amount.total }, "PAID payment with an id we never issued; cancelling it");
    const r = await this.portone.cancel(paymentId, { reason: "발급하지 않은 결제 번호의 결제 자동 취소", currentCancellableAmount: cancellable, requester: "ADMIN" }, `unknown${paymentId}`);
    if (r.ok || (r.kind === "rejected" && r.type === "PAYMENT_ALREADY_CANCELLED")) {
      if (r.ok) paymentMetrics.unknownPayment();
      return "cancelled";
    }
    this.opts.logger.error({ paymentId, reason: r.kind === "rejected" ? r.type : r.reason }, "could not cancel a payment we never issued; next scan retries");
    return "unavailable";
  }

  /**
   * Lists payments PortOne marked PAID within `lookbackMs` and handles those we have no row for
   * (a lost webhook for an id we never issued). Returns how many were cancelled.
   */
  async scan(lookbackMs: number): Promise<number> {
    const until = new Date();
    const from = new Date(until.getTime() - lookbackMs);
    let cancelled = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await this.portone.listPayments({
        page: { number: page, size: 100 },
        filter: { storeId: this.opts.storeId, status: ["PAID"], timestampType: "STATUS_CHANGED_AT", from: from.toISOString(), until: until.toISOString() },
      });
      if (!listed.ok) {
        this.opts.logger.warn({ reason: listed.kind === "rejected" ? listed.type : listed.reason }, "could not list recent payments at PortOne; next run");
        return cancelled;
      }
      // the SDK's union has an "unknown status" member without fields; we asked for PAID only
      const items = listed.value.items.filter((p): p is Extract<PortOnePayment, { status: "PAID" }> => p.status === "PAID");
      const ids = items.map((p) => p.id);
      const known = new Set((await this.prisma.payment.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((p) => p.id));
      for (const p of items) if (!known.has(p.id) && (await this.handle(p.id, p)) === "cancelled") cancelled++;
      if (listed.value.items.length < 100) break;
    }
    return cancelled;
  }
}
