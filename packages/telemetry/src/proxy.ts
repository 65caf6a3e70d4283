import { randomFillSync } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Agent, IncomingMessage, Server } from "node:http";
import {
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { SamplingDecision, type IdGenerator, type Sampler } from "@opentelemetry/sdk-trace";
import { domainAttributes, type DomainIds } from "./ops";
import { proxyDurations, type ProxyDurations } from "./proxy-durations";

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
  upstreamDone(status: number | undefined, error?: string, endedAt?: number): void;
  /**
   * the response to the client is over; ends the spans and records the duration. `endedAt` (a
   * performance.now() reading, default now) lets a caller that does this later keep the true end.
   */
  end(status: number, endedAt?: number): void;
}

export interface ProxySpanOptions {
  /** low-cardinality route template, e.g. `/api/reservations` */
  route: string;
  /** the request path without the query (never the query: it may carry ?access_token=) */
  path: string;
}

let tracer: Tracer | undefined;

function instruments(): { tracer: Tracer; duration: ProxyDurations } {
  tracer ??= trace.getTracer("@preprint/telemetry/proxy");
  // the same metric as instrumentation-http's, so dashboards and alerts see proxied requests too
  // (aggregated by ProxyDurations, which the metric readers collect from)
  return { tracer, duration: proxyDurations };
}

// ---------------------------------------------------------------------------------------------
// The fast path. Most proxied requests are reads that the default sampler drops (ADR 0120) or
// carry a caller's not-sampled traceparent; for them the SDK would still extract the context,
// generate ids, run the sampler, make a non-recording span and two contexts, and inject — measured
// at ~15–25 % of the gateway's CPU per proxied request (docs/benchmarks.md). Here the same decision
// is made by the same sampler on a trace id generated here, and the request gets only what an
// unsampled trace needs: the trace id and a span id for the access log, and a `traceparent` with
// the not-sampled flag for the service (NotSampledSpans). A sampled request takes its ids and
// times the same way and makes its SDK spans after the response (SampledSpans, ADR 0120), with
// those ids (ProxyIdGenerator), so the SDK's sampler decides alike.

const ID_POOL = Buffer.allocUnsafe(4096);
let idPos = ID_POOL.length;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** Random hex from a pooled buffer (one randomFill per 256 span ids); never all zeros (invalid in W3C). */
function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (idPos + bytes > ID_POOL.length) {
      randomFillSync(ID_POOL);
      idPos = 0;
    }
    const id = ID_POOL.toString("hex", idPos, idPos + bytes);
    idPos += bytes;
    if (id !== zero) return id;
  }
}

/** The SDK's id generator: random ids, except the ones the proxy hands it for the span it starts next. */
export class ProxyIdGenerator implements IdGenerator {
  private preset: string | undefined;
  private presetSpan: string | undefined;
  /** the trace id of the root span started next, synchronously (cleared after that span either way) */
  presetTraceId(traceId: string | undefined): void {
    this.preset = traceId;
  }
  /** the span id of the span started next, synchronously (cleared after that span either way) */
  presetSpanId(spanId: string | undefined): void {
    this.presetSpan = spanId;
  }
  generateTraceId(): string {
    const preset = this.preset;
    if (preset !== undefined) {
      this.preset = undefined;
      return preset;
    }
    return randomHex(16, ZERO_TRACE);
  }
  generateSpanId(): string {
    const preset = this.presetSpan;
    if (preset !== undefined) {
      this.presetSpan = undefined;
      return preset;
    }
    return randomHex(8, ZERO_SPAN);
  }
}

let fastPath: { sampler: Sampler; ids: ProxyIdGenerator } | undefined;

/**
 * Enables the not-sampled fast path: `sampler` must be the one the SDK was configured with (the
 * app's default; not when OTEL_TRACES_SAMPLER chose another) and `ids` its id generator. Called by
 * startTelemetry; without it every proxied request goes through the SDK.
 */
export function enableProxyFastPath(sampler: Sampler, ids: ProxyIdGenerator): void {
  fastPath = { sampler, ids };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The spans of a trace that records nothing: ids for the access log and the forwarded traceparent (a class: no closures per request). */
class NotSampledSpans implements ProxySpans {
  readonly spanId = randomHex(8, ZERO_SPAN);
  readonly recording = false;
  private readonly started = performance.now();
  constructor(
    readonly traceId: string,
    private readonly method: string,
    private readonly route: string,
    private readonly headers: IncomingMessage["headers"],
    private readonly d: ProxyDurations,
  ) {}
  annotate(): void {}
  forward(): void {
    // tracestate and baggage, if any, travel on untouched with the request's other headers
    this.headers.traceparent = `00-${this.traceId}-${this.spanId}-00`;
  }
  upstreamDone(): void {}
  end(status: number, endedAt = performance.now()): void {
    this.d.record((endedAt - this.started) / 1000, this.method, status, this.route);
  }
}

/**
 * A sampled trace on the fast path: the ids and times are taken when things happen (the service
 * gets its `traceparent` at once), the SDK spans are made from them at end(), which the gateway
 * calls from its after-response batch (ADR 0120). The SDK's sampler, handed the same trace id and
 * parent, decides as the fast path did; the preset ids make the spans the ones the access line and
 * the service already named.
 */
class SampledSpans implements ProxySpans {
  readonly spanId = randomHex(8, ZERO_SPAN);
  readonly recording = true;
  private readonly started = performance.now();
  private ids: DomainIds | undefined;
  private client: { spanId: string; started: number; host: string; port: number; path: string } | undefined;
  private clientEnd: { at: number; status: number | undefined; error: string | undefined } | undefined;
  constructor(
    private readonly t: Tracer,
    private readonly idGen: ProxyIdGenerator,
    readonly traceId: string,
    /** the caller's span (a sampled traceparent), or undefined for a root */
    private readonly parentSpanId: string | undefined,
    private readonly method: string,
    private readonly o: ProxySpanOptions,
    private readonly headers: IncomingMessage["headers"],
    private readonly d: ProxyDurations,
  ) {}
  annotate(ids: DomainIds): void {
    this.ids = { ...this.ids, ...ids };
  }
  forward(upstream: { host: string; port: number }, upstreamPath: string): void {
    const spanId = randomHex(8, ZERO_SPAN);
    this.client = { spanId, started: performance.now(), host: upstream.host, port: upstream.port, path: upstreamPath };
    // tracestate and baggage, if any, travel on untouched with the request's other headers
    this.headers.traceparent = `00-${this.traceId}-${spanId}-01`;
  }
  upstreamDone(status: number | undefined, error?: string, endedAt = performance.now()): void {
    if (this.client === undefined || this.clientEnd !== undefined) return;
    this.clientEnd = { at: endedAt, status, error };
  }
  end(status: number, endedAt = performance.now()): void {
    this.upstreamDone(undefined, "aborted", endedAt);
    const { t, idGen, method, o } = this;
    const parent =
      this.parentSpanId === undefined
        ? ROOT_CONTEXT
        : trace.setSpanContext(ROOT_CONTEXT, {
            traceId: this.traceId,
            spanId: this.parentSpanId,
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
          });
    if (this.parentSpanId === undefined) idGen.presetTraceId(this.traceId);
    idGen.presetSpanId(this.spanId);
    let server: Span;
    try {
      server = t.startSpan(
        `${method} ${o.route}`,
        {
          kind: SpanKind.SERVER,
          startTime: this.started,
          attributes: { "http.request.method": method, "url.path": o.path, "url.scheme": "http", "http.route": o.route },
        },
        parent,
      );
    } finally {
      // never left for an unrelated span, even if starting this one threw
      idGen.presetTraceId(undefined);
      idGen.presetSpanId(undefined);
    }
    if (this.ids !== undefined) server.setAttributes(domainAttributes(this.ids));
    const c = this.client;
    const ce = this.clientEnd;
    if (c !== undefined && ce !== undefined) {
      idGen.presetSpanId(c.spanId);
      let client: Span;
      try {
        client = t.startSpan(
          method,
          {
            kind: SpanKind.CLIENT,
            startTime: c.started,
            attributes: { "http.request.method": method, "server.address": c.host, "server.port": c.port, "url.path": c.path },
          },
          trace.setSpan(parent, server),
        );
      } finally {
        idGen.presetSpanId(undefined);
      }
      if (ce.status !== undefined) client.setAttribute("http.response.status_code", ce.status);
      if (ce.error !== undefined || (ce.status ?? 0) >= 500) {
        client.setStatus({ code: SpanStatusCode.ERROR, message: ce.error });
        if (ce.error !== undefined) client.setAttribute("error.type", ce.error);
      }
      client.end(ce.at);
    }
    server.setAttribute("http.response.status_code", status);
    if (status >= 500) server.setStatus({ code: SpanStatusCode.ERROR });
    server.end(endedAt);
    this.d.record((endedAt - this.started) / 1000, method, status, o.route);
  }
}

/** Starts the SERVER span of a proxied request, a child of the caller's `traceparent` if any. */
export function startProxySpans(req: IncomingMessage, o: ProxySpanOptions): ProxySpans {
  const { tracer: t, duration: d } = instruments();
  const method = req.method ?? "GET";
  const headers = req.headers;
  const fast = fastPath;
  if (fast !== undefined) {
    const tp = headers.traceparent;
    if (tp === undefined) {
      const rootTraceId = randomHex(16, ZERO_TRACE);
      const r = fast.sampler.shouldSample(ROOT_CONTEXT, rootTraceId, "", SpanKind.SERVER, { "http.request.method": method }, []);
      if (r.decision === SamplingDecision.NOT_RECORD) return new NotSampledSpans(rootTraceId, method, o.route, headers, d);
      return new SampledSpans(t, fast.ids, rootTraceId, undefined, method, o, headers, d);
    } else if (typeof tp === "string") {
      const m = TRACEPARENT.exec(tp);
      if (m !== null && m[1] !== ZERO_TRACE && m[2] !== ZERO_SPAN) {
        // a valid caller context: parent-based sampling follows its flag, so does this. (A caller's
        // tracestate is not carried onto the spans, only forwarded as it came.)
        if ((parseInt(m[3]!, 16) & 1) === 0) return new NotSampledSpans(m[1]!, method, o.route, headers, d);
        return new SampledSpans(t, fast.ids, m[1]!, m[2]!, method, o, headers, d);
      }
    }
  }
  // the SDK path: an operator's own sampler (OTEL_TRACES_SAMPLER), or a traceparent that is not valid
  const started = performance.now();
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
          attributes: {
            "http.request.method": method,
            "server.address": upstream.host,
            "server.port": upstream.port,
            "url.path": upstreamPath,
          },
        },
        serverCtx,
      );
      propagation.inject(trace.setSpan(serverCtx, client), headers);
    },
    upstreamDone(status, error, endedAt?: number) {
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
      c.end(endedAt);
    },
    end(status, endedAt = performance.now()) {
      this.upstreamDone(undefined, "aborted", endedAt);
      if (recording) {
        server.setAttribute("http.response.status_code", status);
        if (status >= 500) server.setStatus({ code: SpanStatusCode.ERROR });
      }
      server.end(endedAt);
      d.record((endedAt - started) / 1000, method, status, o.route);
    },
  };
}
