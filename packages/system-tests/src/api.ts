import { randomBytes } from "node:crypto";

/** A W3C traceparent with a fresh trace id; the span id stands for the test's own (unexported) root. */
export function newTraceparent(): { traceparent: string; traceId: string; rootSpanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const rootSpanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${rootSpanId}-01`, traceId, rootSpanId };
}
