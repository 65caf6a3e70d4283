import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { answerClientErrors, batchedAccessLogger, type Logger } from "@preprint/service-kit";
import { bypassHttpInstrumentation, startProxySpans, type ProxySpans } from "@preprint/telemetry";
import { AccountService } from "./accounts/service";
import type { GatewayConfig } from "./config";
import type { PrismaClient } from "./db/client";
import { AUTH_LIMITED, inApiNamespace, OWN_API_PATHS, splitTarget } from "./edge/api-paths";
import { addressKey, clientIp } from "./edge/client-ip";
import { CORS_RESPONSE_HEADERS, createCors } from "./edge/cors";
import { writeProblem, type EdgeResponse } from "./edge/problem";
import { TokenBucketLimiter } from "./edge/rate-limit";
import { assignRequestId } from "./edge/request-id";
import { apiSecurityHeaders, applyHeaders, flat, securityHeaders } from "./edge/security-headers";
import { createTokenCheck, isDeviceAuthorization } from "./edge/token-check";
import { buildExpressApp } from "./http/app";
import { createOperationsServer } from "./http/operations";
import { gatewayApi } from "./openapi/gateway-api";
import { publicDocs } from "./openapi/public-docs";
import { createProxies, type ProxiedRequest } from "./proxy/proxy";
import { buildRoutes, matchRoute, type Match, type ServiceName } from "./proxy/routes";
import { AfterResponse } from "./telemetry/after-response";
import { annotateProxiedRequest } from "./telemetry/spans";

export interface GatewayDeps {
  config: GatewayConfig;
  prisma: PrismaClient;
  logger: Logger;
}

export interface Gateway {
  server: http.Server;
  /** the operations server (metrics, detailed readiness); the caller listens on OPS_PORT */
  ops: http.Server;
  accounts: AccountService;
  /** graceful stop: not ready → stop accepting → end SSE streams → drain → close agents */
  stop(): Promise<void>;
}

/**
 * One node:http server per worker. `/api/<service route>` goes straight from the edge checks into
 * the http-proxy-middleware function — no express, no body parsing, no router — because express's
 * per-request prototype swap makes node's proxying code 2–2.5× slower (docs/platform-notes.md N6).
 * Everything else (auth, health, docs, the web app) goes to express. So the edge concerns are
 * applied here, once, for both paths: security headers, request id, CORS, per-IP and per-auth
 * rate limits; the proxy path adds the token check, the per-user limit and its own access log.
 */
export function createGateway({ config: c, prisma, logger }: GatewayDeps): Gateway {
  const publicOrigin = new URL(c.PUBLIC_BASE_URL).origin;
  const https = publicOrigin.startsWith("https:");
  const headers = securityHeaders({
    https,
    extraScript: c.CSP_EXTRA_SCRIPT,
    extraConnect: c.CSP_EXTRA_CONNECT,
    extraFrame: c.CSP_EXTRA_FRAME,
    extraFormAction: c.CSP_EXTRA_FORM_ACTION,
  });
  const apiHeaders = apiSecurityHeaders({ https });
  const apiHeadersFlat = flat(apiHeaders);
  // access lines are written in batches: AfterResponse below
  const access = batchedAccessLogger(logger);
  let accessLogged = false;
  const sample = c.ACCESS_LOG_SAMPLE;
  const cors = createCors(publicOrigin, c.CORS_ORIGINS);
  const tokenCheck = createTokenCheck(c.JWT_SECRET);
  const ipLimiter = new TokenBucketLimiter(c.RATE_LIMIT_IP_RPS, c.RATE_LIMIT_IP_BURST);
  const userLimiter = new TokenBucketLimiter(c.RATE_LIMIT_USER_RPS, c.RATE_LIMIT_USER_BURST);
  const authLimiter = new TokenBucketLimiter(c.RATE_LIMIT_AUTH_PER_MIN / 60, Math.max(1, c.RATE_LIMIT_AUTH_PER_MIN));
  const routes = buildRoutes(c);
  const targets: Record<ServiceName, string> = {
    reservation: c.RESERVATION_URL,
    payment: c.PAYMENT_URL,
    notification: c.NOTIFICATION_URL,
    printing: c.PRINTING_URL,
  };
  // the edge's own response headers win over a service's of the same name
  const edgeOwned = [...apiHeaders.map(([name]) => name.toLowerCase()), "x-request-id", ...CORS_RESPONSE_HEADERS];
  const proxies = createProxies(targets, {
    maxSockets: c.UPSTREAM_MAX_SOCKETS,
    streamMaxSockets: c.UPSTREAM_STREAM_MAX_SOCKETS,
    logger,
    edgeOwned,
  });
  const accounts = new AccountService(
    prisma,
    {
      jwtSecret: c.JWT_SECRET,
      accessTtlSec: c.ACCESS_TOKEN_TTL_SEC,
      refreshTtlSec: c.REFRESH_TOKEN_TTL_SEC,
      scryptLogN: c.SCRYPT_LOG_N,
      loginMaxFailures: c.LOGIN_MAX_FAILURES,
      lockoutBaseSec: c.LOGIN_LOCKOUT_BASE_SEC,
      lockoutMaxSec: c.LOGIN_LOCKOUT_MAX_SEC,
      refreshGraceSec: c.REFRESH_REUSE_GRACE_SEC,
    },
    logger,
  );
  const database = () => prisma.$queryRaw`SELECT 1`;
  const { app, health } = buildExpressApp({
    logger,
    accounts,
    tokenCheck,
    cors,
    secureCookies: https,
    trustProxyHops: c.TRUST_PROXY_HOPS,
    targets,
    database,
    docs: publicDocs({ own: gatewayApi, targets, logger }),
    webDistDir: path.resolve(c.WEB_DIST_DIR),
  });

  const ops = createOperationsServer({ health, database, targets });

  const limited = (res: ServerResponse, retryAfter: number, who: string) =>
    writeProblem(res, 429, "RATE_LIMITED", `Too many requests from this ${who}. Try again in ${retryAfter} seconds.`, {
      "Retry-After": String(retryAfter),
    });

  /** What observe() hands to `finished` when a proxied response is over. */
  interface Finished {
    method: string | undefined;
    requestId: string;
    path: string;
    m: Match | "bad-path";
    spans: ProxySpans;
    status: number;
    started: number;
    endedAt: number;
  }
  const finished = new AfterResponse<Finished>(
    ({ method, requestId, path, m, spans, status, started, endedAt }) => {
      spans.end(status, endedAt);
      const ms = endedAt - started;
      // every error and slow request is logged; fast successes at ACCESS_LOG_SAMPLE (default: all)
      if (status < 400 && ms < c.ACCESS_LOG_SLOW_MS && sample < 1 && Math.random() >= sample) return;
      accessLogged = true;
      access.log[status >= 500 ? "error" : "info"](
        {
          request_id: requestId,
          method,
          path,
          status,
          upstream: m === "bad-path" ? undefined : m.route.service,
          duration_ms: Math.round(ms * 10) / 10,
          trace_id: spans.traceId,
          span_id: spans.spanId,
        },
        "http request",
      );
    },
    (err) => logger.error({ err }, "ending a proxied request's spans or access line failed"),
    () => {
      if (!accessLogged) return;
      accessLogged = false;
      access.flush();
    },
  );

  /**
   * Spans and access line of a proxied request. The spans start here (the request needs their
   * context); what follows the response (ending them, the duration, the line) is queued on
   * `finished` with the response's end time. They are made here, not by instrumentation-http
   * (bypassed for these requests, see below).
   */
  function observe(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    m: Match | "bad-path",
    requestId: string,
    started: number,
  ): ProxySpans {
    const q = url.indexOf("?"); // never log or trace the query: it may carry ?access_token=
    const path = q === -1 ? url : url.slice(0, q);
    const spans = startProxySpans(req, { route: m === "bad-path" ? "/api/*" : `/api/${m.route.prefix}`, path });
    res.once("close", () => {
      proxies.closed(req, res);
      const status = res.writableFinished ? res.statusCode : 499; // 499: client went away first
      finished.add({ method: req.method, requestId, path, m, spans, status, started, endedAt: performance.now() });
    });
    return spans;
  }

  function proxyPath(req: ProxiedRequest, res: ServerResponse, url: string, m: Match | "bad-path", spans: ProxySpans): void {
    if (m === "bad-path") {
      writeProblem(res, 400, "BAD_PATH", "The request path is not allowed.");
      return;
    }
    const { route, rest } = m;
    annotateProxiedRequest(spans, url);
    const method = req.method ?? "GET";
    let authorization = req.headers.authorization;
    const stream = route.isStream?.(rest) === true;
    if (stream && method !== "GET") {
      // a HEAD is complete at its headers for the agent, which would reuse the socket the service
      // still holds open for the stream: the next call on it would hang (ADR 0146)
      writeProblem(res, 405, "METHOD_NOT_ALLOWED", "The notification stream is read with GET.", { Allow: "GET" });
      return;
    }
    if (authorization === undefined && stream) {
      // EventSource cannot send headers: accept ?access_token= on the stream and move it into the header
      const u = new URL(url, "http://gateway");
      const t = u.searchParams.get("access_token");
      if (t) {
        u.searchParams.delete("access_token");
        authorization = req.headers.authorization = `Bearer ${t}`;
        url = u.pathname + u.search;
      }
    }
    const access = route.access(method, rest);
    if (access === "none") {
      writeProblem(res, 404, "ROUTE_NOT_FOUND", `No route for ${method} ${url.split("?")[0]}.`);
      return;
    }
    let userKey: string | undefined;
    // device tokens are no JWTs: passed to the printing service on device routes, refused everywhere else
    const deviceToken = isDeviceAuthorization(authorization);
    if (access === "device" || deviceToken) {
      if (access !== "device") {
        writeProblem(res, 401, "DEVICE_TOKEN_NOT_ALLOWED", "A store device's token is accepted on device routes only.", {
          "WWW-Authenticate": 'Bearer realm="preprint"',
        });
        return;
      }
      if (!deviceToken) {
        writeProblem(res, 401, "DEVICE_TOKEN_INVALID", "This route takes a store device's token.", {
          "WWW-Authenticate": 'Bearer realm="preprint"',
        });
        return;
      }
    } else if (access !== "public" || authorization !== undefined) {
      const r = tokenCheck(authorization);
      if (r.ok) {
        if (access === "staff" && r.claims.role !== "staff") {
          writeProblem(res, 403, "FORBIDDEN", "Only store staff can do this.");
          return;
        }
        // `owner` is compared as a string: the role list of @preprint/auth may not name it
        if (access === "store-admin" && r.claims.role !== "staff" && (r.claims.role as string) !== "owner") {
          writeProblem(res, 403, "FORBIDDEN", "Only the store's staff or owner can do this.");
          return;
        }
        userKey = r.claims.sub;
      } else if (access !== "public") {
        writeProblem(res, 401, r.code, r.detail, { "WWW-Authenticate": 'Bearer realm="preprint"' });
        return;
      }
      // a bad token on a public route: anonymous; the service ignores it the same way
    }
    if (userKey !== undefined && userLimiter.enabled) {
      const wait = userLimiter.take(userKey);
      if (wait > 0) return limited(res, wait, "account");
    }
    // services serve the public paths without /api (docs/conventions.md)
    req.url = url.slice(4);
    req.gw = { route, spans };
    proxies.forward(route.service, req, res, stream);
  }

  function handle(req: IncomingMessage, res: EdgeResponse): void {
    const started = performance.now();
    const url = req.url ?? "/";
    if (url[0] !== "/" && !(url === "*" && req.method === "OPTIONS")) {
      // absolute form (`POST http://host/api/auth/login`): express would strip scheme and host and
      // route it, past every check below that reads the target as a path (ADR 0052)
      applyHeaders(res, apiHeaders);
      writeProblem(res, 400, "BAD_REQUEST_TARGET", "The request target must be a path starting with /.");
      return;
    }
    const m = url.startsWith("/api/") ? matchRoute(routes, url) : undefined;
    const requestId = assignRequestId(req);
    if (m !== undefined && req.headers.origin === undefined && req.method !== "OPTIONS") {
      // a proxied answer: the API subset of the security headers (documents get the full set) and
      // the request id go out with the service's headers in one writeHead (proxy.ts)
      res.edgeHeaders = [...apiHeadersFlat, "X-Request-Id", requestId];
    } else {
      // cross-origin calls and preflights add CORS headers one by one anyway: the plain way
      applyHeaders(res, m === undefined ? headers : apiHeaders);
      res.setHeader("X-Request-Id", requestId);
    }
    const spans = m === undefined ? undefined : observe(req, res, url, m, requestId, started);
    if (cors.handle(req, res)) return;
    if (!inApiNamespace(url)) {
      app(req, res);
      return;
    }
    // /api in any spelling: limited per IP; then only a proxied route or one exact spelling of the
    // gateway's own endpoints goes on, so the auth limit below sees every request a handler gets
    const ownPath = m === undefined ? ownApiTarget(url) : undefined;
    if (ipLimiter.enabled || authLimiter.enabled) {
      const key = addressKey(clientIp(req, c.TRUST_PROXY_HOPS));
      let wait = ipLimiter.take(key);
      if (wait === 0 && ownPath !== undefined && req.method === "POST" && AUTH_LIMITED.has(ownPath.path)) wait = authLimiter.take(key);
      if (wait > 0) return limited(res, wait, "address");
    }
    if (m !== undefined) {
      proxyPath(req, res, url, m, spans!);
      return;
    }
    if (ownPath === undefined) {
      writeProblem(res, 404, "ROUTE_NOT_FOUND", "There is no such API path.");
      return;
    }
    // express sees exactly the path that was limited (no fragment, no other spelling)
    req.url = ownPath.path + ownPath.query;
    app(req, res);
  }

  /** The exact path and query of one of the gateway's own /api endpoints, or undefined. */
  function ownApiTarget(url: string): { path: string; query: string } | undefined {
    const t = splitTarget(url);
    return OWN_API_PATHS.has(t.path) ? t : undefined;
  }

  const server = http.createServer(handle);
  // proxied requests are traced by observe() (two spans, no context binding); instrumentation-http
  // still traces everything else (auth, health, docs, the web app) — docs/decisions/0120
  bypassHttpInstrumentation(server, (req) => {
    const u = req.url;
    return u !== undefined && u.startsWith("/api/") && matchRoute(routes, u) !== undefined;
  });
  // longer than the services' and typical load balancers' idle timeouts
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerClientErrors(server);
  // bounds slow clients (and slow uploads) for receiving the whole request
  server.requestTimeout = Math.max(120_000, c.UPLOAD_TIMEOUT_MS * 2);

  const purge = setInterval(() => {
    accounts.purgeExpired().catch((err: unknown) => logger.warn({ err }, "purge of expired sessions failed"));
  }, 3600_000);
  purge.unref();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      health.shuttingDown = true;
      clearInterval(purge);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // SSE streams never end by themselves; clients reconnect (EventSource) to another worker/replica
      proxies.endStreams();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweep);
      proxies.close();
      finished.drain();
      ipLimiter.close();
      userLimiter.close();
      authLimiter.close();
      // last: probes and scrapes see "shutting-down" while the public server drains
      const opsClosed = new Promise<void>((resolve) => ops.close(() => resolve()));
      ops.closeAllConnections();
      await opsClosed;
    })();
    return stopping;
  };

  return { server, ops, accounts, stop };
}
