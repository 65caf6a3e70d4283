import { statusesOf } from "../db/payments";
import { isTestOf, ofThisStage } from "../domain/stage";
import type { PortOnePayment } from "../portone/client";
import { cancelUnknownPayment } from "./cancel-unknown-payment";
import type { PaymentDeps } from "./deps";
import { settlePayment } from "./settle-payment";

export interface SweepStats {
  /** PAID payments with ids we never issued, cancelled */
  unknown: number;
  /** money that landed on a payment we had already failed or expired, handed to settlement */
  late: number;
}

/** Most pages of recently paid payments one sweep reads (100 each). */
const MAX_PAGES = 10;

/** Our rows a payment may still land on after we stopped waiting for it. */
const CLOSED = new Set(["FAILED", "EXPIRED"]);

/**
 * PAID payments at PortOne that nothing else will look at again. Lists payments PortOne marked
 * PAID (or partly cancelled) within `lookbackMs`, for this store and stage, and:
 * - cancels those whose id we never issued (cancel-unknown-payment.ts);
 * - settles those whose row is FAILED or EXPIRED (the customer cancelled, the window was given
 *   up) but which were paid anyway and whose webhook was lost: settlement cancels it
 *   (LATE_PAYMENT) or approves it, as it would have on the webhook (docs/decisions/0167).
 */
export async function sweepRecentPayments(deps: PaymentDeps, lookbackMs: number): Promise<SweepStats> {
  const until = new Date();
  const from = new Date(until.getTime() - lookbackMs);
  const mode = deps.config.PORTONE_MODE;
  const isTest = isTestOf(mode);
  const stats: SweepStats = { unknown: 0, late: 0 };
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await deps.portone.listPayments({
      page: { number: page, size: 100 },
      filter: {
        storeId: deps.config.PORTONE_STORE_ID,
        status: ["PAID", "PARTIAL_CANCELLED"],
        timestampType: "STATUS_CHANGED_AT",
        from: from.toISOString(),
        until: until.toISOString(),
        ...(isTest === undefined ? {} : { isTest }),
      },
    });
    if (!listed.ok) {
      deps.logger.warn(
        { reason: listed.kind === "rejected" ? listed.type : listed.reason },
        "could not list recent payments at PortOne; next run",
      );
      return stats;
    }
    // the SDK's union has an "unknown status" member without fields; we asked for these two only
    const items = listed.value.items.filter(
      (p): p is Extract<PortOnePayment, { status: "PAID" | "PARTIAL_CANCELLED" }> =>
        p.status === "PAID" || p.status === "PARTIAL_CANCELLED",
    );
    const ours = await statusesOf(
      deps.prisma,
      items.map((p) => p.id),
    );
    for (const p of items) {
      const status = ours.get(p.id);
      if (status === undefined) {
        if ((await cancelUnknownPayment(deps, p.id, p)) === "cancelled") stats.unknown++;
      } else if (CLOSED.has(status) && ofThisStage(p, mode)) {
        const r = await settlePayment(deps, p.id, "reconcile");
        if (r.kind === "settled" && r.decision !== "none") stats.late++;
      }
    }
    if (listed.value.items.length < 100) break;
  }
  return stats;
}
