import { EventEmitter } from "node:events";
import type { Agent, IncomingMessage, Server } from "node:http";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  isSpanContextValid,
  ValueType,
  metrics,
  propagation,
  trace,
  type Histogram,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { domainAttributes, type DomainIds } from "./ops";

/**
 * A cheap tracing path for a reverse proxy's hot path (the gateway's `/api/<service>` requests).
 *
 * instrumentation-http binds every request/response emitter to the active context — even for
 * requests its ignore hook skips — so each listener node's http, http-proxy and the proxy add is
 * wrapped and every event runs through AsyncLocalStorage; with its span and metric attribute work
 * that was ~half of the gateway's CPU per proxied request (docs/benchmarks.md). Here the proxy makes
 * the same two spans itself (SERVER for the request, CLIENT for the upstream call, W3C context
 * injected into the forwarded headers) and records the same `http.server.request.duration`
 * histogram, with no context binding. The sampler configured by OTEL_TRACES_SAMPLER decides as for
 * any span, parent-based by default, so a sampled caller stays one connected trace.
 */

const agents = new WeakSet<object>();

/** Outgoing requests through this agent are traced by their caller (startProxySpans), not by instrumentation-http. */
export function traceAgentManually(agent: Agent): void {
  agents.add(agent);
}

/** instrumentation-http's ignoreOutgoingRequestHook: skip requests the proxy traces itself. */
export function isManuallyTracedRequest(options: { agent?: unknown }): boolean {
  const a = options.agent;
  return typeof a === "object" && a !== null && agents.has(a);
}

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Requests for which `bypass(req)` is true skip instrumentation-http's patched `Server#emit` (no
 * span, no context binding: the caller traces them with startProxySpans); all others are traced by
 * the instrumentation as before. A no-op when the instrumentation is not installed.
 */
export function bypassHttpInstrumentation(server: Server, bypass: (req: IncomingMessage) => boolean): void {
  const instrumented = server.emit as Emit & { __original?: Emit };
  const plain = instrumented.__original ?? (EventEmitter.prototype.emit as Emit);
  if (instrumented === plain) return;
  server.emit = function emit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && bypass(args[0] as IncomingMessage)) return plain.call(this, event, ...args);
    return instrumented.call(this, event, ...args);
  } as Server["emit"];
}

export interface ProxySpans {
  /** trace and span id of the SERVER span (also for an unsampled trace; undefined without an SDK), for the access log */
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly recording: boolean;
  /** domain ids for a tag search (`preprint.reservation.id=…`), on the SERVER span */
  annotate(ids: DomainIds): void;
  /**
   * The request goes upstream: starts the CLIENT span and writes its context into `req.headers`
   * (`traceparent`, `tracestate`, `baggage`), which the proxy forwards.
   */
  forward(upstream: { host: string; port: number }, upstreamPath: string): void;
  /** the upstream answered (status) or failed (error); ends the CLIENT span */
  upstreamDone(status: number | undefined, error?: string): void;
  /** the response to the client is over; ends the spans and records the duration */
  end(status: number): void;
}

export interface ProxySpanOptions {
  /** low-cardinality route template, e.g. `/api/reservations` */
  route: string;
  /** the request path without the query (never the query: it may carry ?access_token=) */
  path: string;
}

let tracer: Tracer | undefined;
let duration: Histogram | undefined;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

function instruments(): { tracer: Tracer; duration: Histogram } {
  tracer ??= trace.getTracer("@preprint/telemetry/proxy");
  // the same instrument as instrumentation-http's, so dashboards and alerts see proxied requests too
  duration ??= metrics.getMeter("@preprint/telemetry/proxy").createHistogram("http.server.request.duration", {
    description: "Duration of HTTP server requests.",
    unit: "s",
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  return { tracer, duration };
}

/** Starts the SERVER span of a proxied request, a child of the caller's `traceparent` if any. */
export function startProxySpans(req: IncomingMessage, o: ProxySpanOptions): ProxySpans {
  const { tracer: t, duration: d } = instruments();
  const started = performance.now();
  const method = req.method ?? "GET";
  const headers = req.headers;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const server: Span = t.startSpan(
    `${method} ${o.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": method, "url.path": o.path, "url.scheme": "http", "http.route": o.route },
    },
    parent,
  );
  const recording = server.isRecording();
  let client: Span | undefined;
  const sc = server.spanContext();
  const valid = isSpanContextValid(sc);
  return {
    traceId: valid ? sc.traceId : undefined,
    spanId: valid ? sc.spanId : undefined,
    recording,
    annotate(ids) {
      if (recording) server.setAttributes(domainAttributes(ids));
    },
    forward(upstream, upstreamPath) {
      const serverCtx = trace.setSpan(parent, server);
      if (!recording) {
        // an unsampled trace records nothing: the upstream only needs the trace id and the
        // not-sampled flag to decide alike, so no CLIENT span is made (one sampler call less)
        propagation.inject(serverCtx, headers);
        return;
      }
      client = t.startSpan(
        method,
        {
          kind: SpanKind.CLIENT,
          attributes: { "http.request.method": method, "server.address": upstream.host, "server.port": upstream.port, "url.path": upstreamPath },
        },
        serverCtx,
      );
      propagation.inject(trace.setSpan(serverCtx, client), headers);
    },
    upstreamDone(status, error) {
      const c = client;
      if (c === undefined) return;
      client = undefined;
      if (recording) {
        if (status !== undefined) c.setAttribute("http.response.status_code", status);
        if (error !== undefined || (status ?? 0) >= 500) {
          c.setStatus({ code: SpanStatusCode.ERROR, message: error });
          if (error !== undefined) c.setAttribute("error.type", error);
        }
      }
      c.end();
    },
    end(status) {
      this.upstreamDone(undefined, "aborted");
      if (recording) {
        server.setAttribute("http.response.status_code", status);
        if (status >= 500) server.setStatus({ code: SpanStatusCode.ERROR });
      }
      server.end();
      d.record((performance.now() - started) / 1000, {
        "http.request.method": method,
        "http.response.status_code": status,
        "http.route": o.route,
        "url.scheme": "http",
      });
    },
  };
}
