import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createProxyMiddleware, type Plugin, type RequestHandler } from "http-proxy-middleware";
import type { Logger } from "@preprint/service-kit";
import { traceAgentManually, type ProxySpans } from "@preprint/telemetry";
import { writeProblem, type EdgeResponse } from "../edge/problem";
import type { ProxyRoute, ServiceName } from "./routes";

/** Per-request state the proxy hooks share (kept on the request object: no map lookups). */
export interface ProxyState {
  route: ProxyRoute;
  /** the request's spans (startProxySpans); the CLIENT span ends when the upstream answers or fails */
  spans?: ProxySpans;
  timer?: NodeJS.Timeout;
  timedOut?: boolean;
  /** the service's response, once it came */
  upstream?: IncomingMessage;
  /** the upstream request, while the client's body is still being forwarded */
  proxyReq?: http.ClientRequest;
  tooLarge?: boolean;
  /** admitted as a long-lived stream: holds one of the stream budget's sockets until it closes */
  stream?: boolean;
}

export type ProxiedRequest = IncomingMessage & { gw?: ProxyState };

export interface Proxies {
  /**
   * Sends the request to the service. A `stream` (SSE) goes through the service's stream pool, a
   * keep-alive-less agent of its own capped at `streamMaxSockets`, so open streams never take the
   * sockets ordinary calls to that service need; with the budget spent it is a 503 at once.
   */
  forward(service: ServiceName, req: ProxiedRequest, res: ServerResponse, stream?: boolean): void;
  /**
   * To be called when the response to a forwarded request closes (the caller's one 'close'
   * listener, so there is no second one per request): releases an upstream response the client
   * abandoned, and forgets a finished SSE stream.
   */
  closed(req: ProxiedRequest, res: ServerResponse): void;
  /** open SSE responses, ended on shutdown so the server can drain */
  readonly streams: Set<ServerResponse>;
  endStreams(): void;
  /** closes the upstream keep-alive sockets (after the server drained) */
  close(): void;
}

/** The fields of a parsed target http-proxy reads (the shape url.parse() gives it). */
function targetOf(target: string) {
  const u = new URL(target);
  return { protocol: u.protocol, host: u.host, hostname: u.hostname, port: u.port, path: u.pathname + u.search };
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): about the connection to the service, not the client's. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "proxy-authenticate",
  "proxy-authorization",
]);

/** When a client refused for a spent stream budget should try again (the web app backs off anyway). */
const STREAM_RETRY_AFTER_SEC = 5;

/** How much of a refused body the gateway reads and discards, and for how long, before it closes. */
const LINGER_MAX_BYTES = 64 * 1024 * 1024;
const LINGER_MAX_MS = 10_000;

/**
 * 413 at once, then a bounded "lingering close" (as nginx does): closing the socket while the client
 * is still sending makes the kernel answer the unread bytes with a reset, so most clients (fetch,
 * browsers) report EPIPE/ECONNRESET instead of reading the 413. So the rest of the body is read and
 * dropped (discardRest), and once it is all in, the connection goes on as any other (the answer is
 * not `Connection: close`).
 */
function tooLarge(req: ProxiedRequest, res: ServerResponse, limit: number): void {
  writeProblem(res, 413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes.`);
  req.unpipe();
  discardRest(req);
}

/** Reads and drops what is left of a request body, up to LINGER_MAX_BYTES or LINGER_MAX_MS, then destroys the socket. */
function discardRest(req: ProxiedRequest): void {
  if (req.complete) return;
  let dropped = 0;
  const giveUp = () => req.socket.destroy();
  const timer = setTimeout(giveUp, LINGER_MAX_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_MAX_BYTES) giveUp();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * The service answered before the whole body was forwarded (an upload refused on its headers or its
 * token). Node's http client stops relaying the socket's 'drain' to the request once the response is
 * complete, so a body still piped into it would stall for good, and with it the client's keep-alive
 * connection: its next request would never be read (the client sees a reset at headersTimeout). So
 * once the answer is complete the body stops going upstream, the upstream connection (mid-body,
 * unusable) is closed, and the rest is read and dropped like a refused body.
 */
function abandonBody(req: ProxiedRequest, proxyReq: http.ClientRequest): void {
  if (req.complete) return;
  req.unpipe(proxyReq);
  proxyReq.destroy();
  discardRest(req);
}

/** Starts the route's clock for the service's answer; when it runs out, onError answers 504. */
function startTimer(st: ProxyState, proxyReq: http.ClientRequest, res: ServerResponse): void {
  if (st.timer !== undefined || res.headersSent) return;
  st.timer = setTimeout(timeUp, st.route.timeoutMs, st, proxyReq);
}

function timeUp(st: ProxyState, proxyReq: http.ClientRequest): void {
  st.timedOut = true;
  proxyReq.destroy();
}

/**
 * One http-proxy-middleware instance per service, each with its own keep-alive agent (without one
 * hpm opens a connection per request: −35% throughput, docs/platform-notes.md N7). Bodies are
 * piped, never buffered: the upstream request starts as soon as the headers are in, and upload
 * bytes flow through as they arrive. Responses (SSE included) are piped back chunk by chunk;
 * nothing here compresses or buffers.
 *
 * Timeouts: a route's `timeoutMs` is the time the service has to send its response headers, counted
 * from the moment the whole request body was forwarded (a slow uploader is not the service's fault;
 * the server's requestTimeout bounds slow clients). A dead service → 502, a slow one → 504, both
 * problem+json.
 */
export function createProxies(
  targets: Record<ServiceName, string>,
  opts: {
    maxSockets: number;
    /** open streams per worker, all services together (each holds an upstream socket while open) */
    streamMaxSockets: number;
    logger: Logger;
    /** lower-case names of the headers the edge sets itself; a service's header of the same name is not forwarded */
    edgeOwned: Iterable<string>;
  },
): Proxies {
  const streams = new Set<ServerResponse>();
  const edgeOwned = new Set(opts.edgeOwned);
  const agents: http.Agent[] = [];

  const onProxyReq = (proxyReq: http.ClientRequest, req: ProxiedRequest, res: ServerResponse) => {
    const st = req.gw;
    if (st === undefined) return;
    // a request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): it
    // is all forwarded with its headers, so the clock starts now (most reads; no listener needed)
    const chunked = req.headers["transfer-encoding"] !== undefined;
    if (req.complete || (!chunked && req.headers["content-length"] === undefined)) startTimer(st, proxyReq, res);
    else {
      st.proxyReq = proxyReq;
      req.once("end", () => startTimer(st, proxyReq, res));
    }
    // a chunked body has no Content-Length to check up front: count it as it streams through
    if (chunked && !req.complete) {
      let seen = 0;
      const limit = st.route.maxBodyBytes;
      const count = (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limit) {
          req.off("data", count);
          st.tooLarge = true;
          proxyReq.destroy();
          tooLarge(req, res, limit);
        }
      };
      req.on("data", count);
    }
  };

  /**
   * The response is written here (`selfHandleResponse`), not by http-proxy's outgoing passes: those
   * copy each upstream header with its own setHeader (after the edge's own setHeaders) and then
   * serialise the lot again; here the edge headers and the service's go out in one writeHead, the
   * raw form node writes straight through. Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1;
   * node frames the body itself), and a header the edge owns (security headers, request id, CORS)
   * is the edge's value, not the service's.
   */
  const onProxyRes = (proxyRes: IncomingMessage, req: ProxiedRequest, res: EdgeResponse) => {
    const st = req.gw;
    if (st?.timer !== undefined) clearTimeout(st.timer);
    st?.spans?.upstreamDone(proxyRes.statusCode);
    if (res.headersSent) {
      // already answered (413 while the body was still streaming): drop the service's answer
      proxyRes.resume();
      return;
    }
    const out = res.edgeHeaders ?? [];
    res.edgeHeaders = undefined;
    const h = proxyRes.headers;
    for (const k in h) {
      if (NOT_FORWARDED.has(k) || edgeOwned.has(k)) continue;
      const v = h[k];
      if (v !== undefined) out.push(k, v as string); // set-cookie's string[] is written one line each
    }
    const type = h["content-type"];
    if (typeof type === "string" && type.startsWith("text/event-stream")) {
      // tell any buffering reverse proxy in front of us (nginx) to pass events through at once
      out.push("X-Accel-Buffering", "no");
      if (h["cache-control"] === undefined) out.push("Cache-Control", "no-cache");
      req.socket.setNoDelay(true);
      streams.add(res);
    }
    if (st !== undefined) {
      st.upstream = proxyRes; // for closed()
      const proxyReq = st.proxyReq;
      if (proxyReq !== undefined && !req.complete) proxyRes.once("end", () => abandonBody(req, proxyReq));
    }
    res.writeHead(proxyRes.statusCode ?? 502, out);
    proxyRes.pipe(res);
  };

  const onError = (err: Error & { code?: string }, req: IncomingMessage, res: ServerResponse | Socket) => {
    const st = (req as ProxiedRequest).gw;
    if (st?.timer !== undefined) clearTimeout(st.timer);
    st?.spans?.upstreamDone(undefined, st.timedOut ? "timeout" : (err.code ?? "error"));
    if (!("writeHead" in res)) {
      res.destroy();
      return;
    }
    if (st?.tooLarge) return; // already answered 413
    const service = st?.route.service;
    if (st?.timedOut) {
      opts.logger.warn(
        { upstream: service, timeout_ms: st.route.timeoutMs, request_id: req.headers["x-request-id"] },
        "upstream timed out",
      );
      writeProblem(res, 504, "UPSTREAM_TIMEOUT", `The ${service ?? "upstream"} service did not answer in time. Please try again.`);
    } else {
      opts.logger.warn({ upstream: service, err_code: err.code, request_id: req.headers["x-request-id"] }, "upstream unavailable");
      writeProblem(res, 502, "UPSTREAM_UNAVAILABLE", `The ${service ?? "upstream"} service is unavailable. Please try again.`);
    }
  };

  /**
   * hpm's default plugins are ejected: its logger plugin builds a URL and a log string for every
   * response even with no logger configured, and its debug plugin adds listeners per request. What
   * they do that matters is done here: our event handlers, of which onProxyRes also releases the
   * upstream response of a response the client abandoned.
   */
  const events: Plugin<IncomingMessage, ServerResponse> = (proxyServer) => {
    proxyServer.on("proxyReq", onProxyReq);
    proxyServer.on("proxyRes", onProxyRes);
    proxyServer.on("error", onError);
  };

  const make = (target: string, stream = false): RequestHandler => {
    // a stream's socket is busy until the stream ends and is then closed (closed() destroys the
    // upstream response): the stream pool keeps no idle sockets
    const agent = stream
      ? new http.Agent({ keepAlive: false, maxSockets: opts.streamMaxSockets })
      : new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets, maxFreeSockets: Math.min(opts.maxSockets, 64), scheduling: "lifo" });
    agents.push(agent);
    // the gateway makes the CLIENT span of each proxied call itself (ProxyState.spans)
    traceAgentManually(agent);
    return createProxyMiddleware<IncomingMessage, ServerResponse>({
      // parsed once here: http-proxy would url.parse() a string target on every request
      target: targetOf(target),
      agent,
      changeOrigin: true,
      xfwd: true,
      // req.url is forwarded as is (a path the route table accepted), not re-parsed per request;
      // targets are origins, so the upstream path is exactly the public path without /api
      toProxy: true,
      selfHandleResponse: true,
      ejectPlugins: true,
      plugins: [events],
    });
  };

  const upstream = (target: string) => {
    const u = new URL(target);
    return { host: u.hostname, port: Number(u.port || 80) };
  };
  const upstreams: Record<ServiceName, { host: string; port: number }> = {
    reservation: upstream(targets.reservation),
    payment: upstream(targets.payment),
    notification: upstream(targets.notification),
    printing: upstream(targets.printing),
  };
  const middlewares: Record<ServiceName, RequestHandler> = {
    reservation: make(targets.reservation),
    payment: make(targets.payment),
    notification: make(targets.notification),
    printing: make(targets.printing),
  };

  const streamMiddlewares: Partial<Record<ServiceName, RequestHandler>> = {};
  let openStreams = 0;

  return {
    streams,
    closed(req, res) {
      const st = req.gw;
      if (st?.stream) {
        st.stream = false;
        openStreams--;
      }
      // a response the client abandoned releases the upstream one (its keep-alive socket is not held)
      const upstream = st?.upstream;
      if (upstream !== undefined && !res.writableEnded) upstream.destroy();
      streams.delete(res);
    },
    forward(service, req, res, stream = false) {
      const st = req.gw!;
      const len = req.headers["content-length"];
      if (len !== undefined && Number(len) > st.route.maxBodyBytes) {
        tooLarge(req, res, st.route.maxBodyBytes);
        return;
      }
      let middleware = middlewares[service];
      if (stream) {
        if (openStreams >= opts.streamMaxSockets) {
          opts.logger.warn({ upstream: service, open_streams: openStreams }, "stream budget spent");
          writeProblem(res, 503, "STREAMS_BUSY", "Too many live connections are open right now. Please try again shortly.", {
            "Retry-After": String(STREAM_RETRY_AFTER_SEC),
          });
          return;
        }
        openStreams++;
        st.stream = true;
        middleware = streamMiddlewares[service] ??= make(targets[service], true);
      }
      if (st.spans !== undefined) {
        const u = req.url ?? "/";
        const q = u.indexOf("?");
        st.spans.forward(upstreams[service], q === -1 ? u : u.slice(0, q));
      }
      void middleware(req, res, (err?: unknown) => {
        opts.logger.error({ err, upstream: service }, "proxy failed before forwarding");
        writeProblem(res, 502, "UPSTREAM_UNAVAILABLE", `The ${service} service is unavailable. Please try again.`);
      });
    },
    endStreams() {
      for (const res of streams) res.end();
      streams.clear();
    },
    close() {
      for (const a of agents) a.destroy();
    },
  };
}
