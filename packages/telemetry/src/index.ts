import type { IncomingMessage, ServerResponse } from "node:http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { AmqplibInstrumentation } from "@opentelemetry/instrumentation-amqplib";
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { PeriodicExportingMetricReader, type MetricReader } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import { enableProxyFastPath, isManuallyTracedRequest, ProxyIdGenerator } from "./proxy";
import { proxyDurations } from "./proxy-durations";
import { defaultSampler } from "./sampler";

export interface TelemetryOptions {
  serviceName: string;
  /** extra processors, e.g. an in-memory exporter in tests */
  spanProcessors?: SpanProcessor[];
  /**
   * Default sampling when OTEL_TRACES_SAMPLER is not set: parent-based; as a root, writes always,
   * reads (GET/HEAD/OPTIONS) at this ratio. Unset: the SDK default (parent-based, always on).
   */
  readSampleRatio?: number;
  /**
   * Trace outgoing node:http requests with instrumentation-http (default true). A reverse proxy
   * whose only node:http client calls are the proxied ones it traces itself (traceAgentManually)
   * turns this off: the instrumentation wraps and inspects every outgoing request before its
   * ignore hook can skip it. fetch() is traced by the undici instrumentation either way.
   */
  outgoingHttp?: boolean;
}

let sdk: NodeSDK | undefined;
let prometheus: PrometheusExporter | undefined;

/** instrumentation-http's defaults (signed-URL keys) plus our own token parameters. */
export const REDACTED_QUERY_PARAMS = [
  "sig",
  "Signature",
  "AWSAccessKeyId",
  "X-Goog-Signature",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "access_token",
  "token",
];

/** Keeps spans recording (ids in logs, context propagated) when nothing is exported. */
class KeepRecordingProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** True when the standard OTEL_* variables ask for an exporter. */
export function exportConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    (env.OTEL_TRACES_EXPORTER && env.OTEL_TRACES_EXPORTER !== "none"),
  );
}

/**
 * Metric readers: always a Prometheus pull reader (served at GET /metrics on the app's own port by
 * the service kit, no extra port), plus OTLP push when OTEL_METRICS_EXPORTER lists "otlp". Each
 * also collects the proxied requests' durations (ProxyDurations: aggregated outside the SDK).
 */
function metricReaders(env: NodeJS.ProcessEnv): MetricReader[] {
  const metricProducers = [proxyDurations];
  prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers });
  const readers: MetricReader[] = [prometheus];
  const wanted = (env.OTEL_METRICS_EXPORTER ?? "").split(",").map((s) => s.trim());
  if (wanted.includes("otlp")) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), metricProducers }));
  }
  return readers;
}

/** Writes the Prometheus text exposition; undefined until startTelemetry ran. */
export function prometheusHandler(): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
  const exporter = prometheus;
  return exporter ? (req, res) => exporter.getMetricsRequestHandler(req, res) : undefined;
}

/**
 * Starts OpenTelemetry. Must run before express, pg or amqplib are loaded, so each app calls it
 * through `startServiceTelemetry` (./start) at the top of its `main.ts`.
 *
 * Spans are always created (trace ids appear in logs and propagate over HTTP and AMQP); they are
 * exported over OTLP only when the standard OTEL_* variables say so. Nothing is dialled otherwise:
 * the SDK's defaults would export traces and metrics to 127.0.0.1:4318 (docs/platform-notes.md N10). Metrics
 * (HTTP duration per route from the instrumentation, messaging and domain counters) are scraped
 * at /metrics and pushed over OTLP only when OTEL_METRICS_EXPORTER=otlp.
 */
export function startTelemetry(opts: TelemetryOptions): NodeSDK {
  if (sdk) return sdk;
  process.env.OTEL_SERVICE_NAME ??= opts.serviceName;
  const exporting = exportConfigured();
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  // host/process/env only: the cloud metadata detectors would dial link-local addresses
  // (docs/platform-notes.md N11)
  process.env.OTEL_NODE_RESOURCE_DETECTORS ??= "env,host,os,process";

  const sampler = defaultSampler(opts.readSampleRatio);
  const ids = new ProxyIdGenerator();
  // the proxy's not-sampled fast path needs to know the sampler: only when it is our default
  if (sampler) enableProxyFastPath(sampler, ids);
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME,
    idGenerator: ids,
    ...(sampler ? { sampler } : {}),
    metricReaders: metricReaders(process.env),
    // NodeSDK registers no tracer provider for an empty processor list, and with the list unset it
    // builds an OTLP exporter from defaults; a do-nothing processor keeps spans recording offline.
    ...(opts.spanProcessors || !exporting ? { spanProcessors: opts.spanProcessors ?? [new KeepRecordingProcessor()] } : {}),
    instrumentations: [
      new HttpInstrumentation({
        // health probes would drown the useful traces
        ignoreIncomingRequestHook: (req) => (req.url ?? "").startsWith("/health/"),
        // a proxy that traces its upstream calls itself (startProxySpans) marks its agents
        ignoreOutgoingRequestHook: isManuallyTracedRequest,
        disableOutgoingRequestInstrumentation: opts.outgoingHttp === false,
        // url.query is recorded on spans; EventSource clients pass the access token as
        // ?access_token= (notification SSE), so it is redacted on both sides
        redactedQueryParams: REDACTED_QUERY_PARAMS,
        redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
      // fetch() (service-to-service calls, @portone/server-sdk, sandbox webhooks) goes through
      // undici, which instrumentation-http does not see: without this, no CLIENT span and no
      // traceparent on those calls, so payment → PortOne and payment → reservation broke the trace
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
  prometheus = undefined;
}

export { defaultSampler, WritesAlwaysReadsRatioSampler } from "./sampler";
export { proxyDurations, ProxyDurations, DURATION_BUCKETS } from "./proxy-durations";
export { bypassHttpInstrumentation, startProxySpans, traceAgentManually, type ProxySpans, type ProxySpanOptions } from "./proxy";

export {
  annotateSpan,
  observeOutbox,
  observeQueueDepth,
  DOMAIN_ATTRIBUTES,
  idsFromEventData,
  idsFromPath,
  withDomainIds,
  domainIdsFromPath,
  type PathRule,
  type DomainIds,
  type SqlQueryable,
  type QueueInspector,
  type InspectChannel,
  type Registration,
} from "./ops";
