import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from "@opentelemetry/api";
import { SamplingDecision } from "@opentelemetry/sdk-trace";
import { defaultSampler } from "../src";

const traceIds = Array.from({ length: 2000 }, (_, i) => (i * 2654435761 + 12345).toString(16).padStart(32, "0").slice(-32));

describe("default sampler (gateway)", () => {
  const sampler = defaultSampler(0.1, {})!;
  const decide = (method: string | undefined, traceId: string, ctx = ROOT_CONTEXT) =>
    sampler.shouldSample(ctx, traceId, "span", SpanKind.SERVER, method === undefined ? {} : { "http.request.method": method }, []).decision;

  it("when a root request is a write, then it is always sampled; reads at about the ratio", () => {
    expect(traceIds.every((id) => decide("POST", id) === SamplingDecision.RECORD_AND_SAMPLED)).toBe(true);
    expect(traceIds.every((id) => decide(undefined, id) === SamplingDecision.RECORD_AND_SAMPLED)).toBe(true);
    const reads = traceIds.filter((id) => decide("GET", id) === SamplingDecision.RECORD_AND_SAMPLED).length / traceIds.length;
    expect(reads).toBeGreaterThan(0.05);
    expect(reads).toBeLessThan(0.15);
  });

  it("when the caller sent a traceparent, then its sampled flag decides, reads included", () => {
    const parent = (flags: TraceFlags) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceFlags: flags,
        isRemote: true,
      });
    expect(traceIds.every((id) => decide("GET", id, parent(TraceFlags.SAMPLED)) === SamplingDecision.RECORD_AND_SAMPLED)).toBe(true);
    expect(traceIds.every((id) => decide("POST", id, parent(TraceFlags.NONE)) === SamplingDecision.NOT_RECORD)).toBe(true);
  });

  it("when OTEL_TRACES_SAMPLER is set, then the operator's sampler wins (none is built here)", () => {
    expect(defaultSampler(0.1, { OTEL_TRACES_SAMPLER: "parentbased_always_on" })).toBeUndefined();
    expect(defaultSampler(undefined, {})).toBeUndefined();
  });
});
