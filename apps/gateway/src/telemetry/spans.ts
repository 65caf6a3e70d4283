import { idsFromPath, type PathRule, type ProxySpans } from "@preprint/telemetry";

/** Ids in public API paths that go on the gateway's request span (`preprint.reservation.id=…` in Jaeger). */
export const SPAN_ID_RULES: readonly PathRule[] = [
  [/^\/api\/(?:staff\/)?reservations\/([^/]+)/, "reservationId"],
  [/^\/api\/payments\/(?!webhooks\/|config$|checkout$)([^/]+)/, "paymentId"],
  [/^\/api\/stores\/([^/]+)/, "storeId"],
];

/** Called on the proxy path with the request URL (query ignored: it may carry ?access_token=). */
export function annotateProxiedRequest(spans: ProxySpans, url: string): void {
  if (spans.recording) spans.annotate(idsFromPath(url, SPAN_ID_RULES));
}
