import { meter } from "@preprint/service-kit";
import type { PathRule } from "@preprint/telemetry";

/**
 * Payment's operational metrics (scraped at GET /metrics). Counters are incremented once per
 * payment or refund, right after the transaction that settled it committed (the compare-and-swap
 * winner only, so concurrent settlements of one payment count once). Labels stay low-cardinality:
 * method (CARD | EASY_PAY), failure code (a fixed set in src/domain/settlement.ts), PortOne error
 * type (a fixed set in PortOne's API). Never ids or amounts as labels.
 */
let instruments: ReturnType<typeof create> | undefined;
function create() {
  const m = meter("@preprint/payment");
  const approved = m.createCounter("preprint.payments.approved", { description: "payments approved (settled as paid)" });
  const failed = m.createCounter("preprint.payments.failed", { description: "payments that ended FAILED, by failure code" });
  const refundsCompleted = m.createCounter("preprint.refunds.completed", { description: "refunds completed at PortOne" });
  const refundsFailed = m.createCounter("preprint.refunds.failed", {
    description: "refunds PortOne refused (need staff attention), by error type",
  });
  const refundsExternal = m.createCounter("preprint.refunds.external", {
    description: "cancellations made outside the app (PortOne console, PortOne staff, chargeback, another API client), by actor",
  });
  const unknownPayments = m.createCounter("preprint.payments.unknown", {
    description: "PAID payments at PortOne whose id we never issued (cancelled)",
  });
  // zero-valued series from the start: rate() and absence alerts work before the first payment
  for (const method of ["CARD", "EASY_PAY"]) approved.add(0, { method });
  refundsCompleted.add(0);
  unknownPayments.add(0);
  return { approved, failed, refundsCompleted, refundsFailed, refundsExternal, unknownPayments };
}

export const paymentMetrics = {
  approved(method: string | null | undefined): void {
    instruments ??= create();
    instruments.approved.add(1, { method: method === "CARD" || method === "EASY_PAY" ? method : "OTHER" });
  },
  failed(code: string | null | undefined): void {
    instruments ??= create();
    instruments.failed.add(1, { code: code && /^[A-Z_]{1,40}$/.test(code) ? code : "OTHER" });
  },
  refundCompleted(): void {
    instruments ??= create();
    instruments.refundsCompleted.add(1);
  },
  externalRefund(actor: string): void {
    instruments ??= create();
    instruments.refundsExternal.add(1, { actor: /^[A-Z_]{1,40}$/.test(actor) ? actor : "OTHER" });
  },
  unknownPayment(): void {
    instruments ??= create();
    instruments.unknownPayments.add(1);
  },
  refundFailed(errorType: string): void {
    instruments ??= create();
    instruments.refundsFailed.add(1, { error_type: /^[A-Z_]{1,60}$/.test(errorType) ? errorType : "OTHER" });
  },
};

/**
 * The zero-valued counter series. Call once, after telemetry started. The outbox and dead-letter
 * gauges are the service kit's (it registers them for every service).
 */
export function registerPaymentMetrics(): void {
  instruments ??= create();
}

/** Paths whose payment id goes on the request's span (`preprint.payment.id=…` in Jaeger). */
export const SPAN_ID_RULES: readonly PathRule[] = [[/^\/payments\/(?!webhooks\/|config$|checkout$)([^/]+)/, "paymentId"]];
