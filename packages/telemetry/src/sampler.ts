import type { Attributes, Context, Link, SpanKind } from "@opentelemetry/api";
import {
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from "@opentelemetry/sdk-trace";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Root decision for a high-rate HTTP edge (the gateway): every write (POST/PUT/PATCH/DELETE — the
 * booking, payment, webhook and refund paths the runbook searches by id) and every span that is not
 * an HTTP request is sampled; reads (GET/HEAD/OPTIONS) are sampled at `readRatio` by trace id.
 */
export class WritesAlwaysReadsRatioSampler implements Sampler {
  private readonly reads: TraceIdRatioBasedSampler;
  constructor(private readonly readRatio: number) {
    this.reads = new TraceIdRatioBasedSampler(readRatio);
  }

  shouldSample(context: Context, traceId: string, _name: string, _kind: SpanKind, attributes: Attributes, _links: Link[]): SamplingResult {
    const method = attributes["http.request.method"];
    if (typeof method === "string" && READS.has(method)) return this.reads.shouldSample(context, traceId);
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return `WritesAlwaysReadsRatio{readRatio=${this.readRatio}}`;
  }
}

/**
 * The sampler an app asked for as its default, or undefined when the standard OTEL_TRACES_SAMPLER
 * is set (then the SDK builds that one: the operator's choice wins). Always parent-based: a caller
 * that sent a sampled `traceparent` gets one connected trace, an unsampled one none.
 */
export function defaultSampler(readRatio: number | undefined, env: NodeJS.ProcessEnv = process.env): Sampler | undefined {
  if (readRatio === undefined || env.OTEL_TRACES_SAMPLER) return undefined;
  return new ParentBasedSampler({ root: new WritesAlwaysReadsRatioSampler(readRatio) });
}
