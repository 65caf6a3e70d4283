#!/usr/bin/env node
// Standalone server for the built web app (the gateway serves dist/ itself in the full system).
// Static files with SPA fallback, /site.json from env, /health/live and /health/ready, and an
// optional streaming proxy of /api/* to API_UPSTREAM_URL (e.g. the gateway) for local use.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { merchantProblems, siteConfigFromEnv } from "./site-config.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.WEB_DIST_DIR ?? path.join(here, "../dist"));
const PORT = Number(process.env.PORT ?? 4173);
const HOST = process.env.HOST ?? "0.0.0.0";
const UPSTREAM = process.env.API_UPSTREAM_URL ? new URL(process.env.API_UPSTREAM_URL) : null;

function fail(msg) {
  console.error(JSON.stringify({ level: "fatal", msg }));
  process.exit(1);
}
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
if (!existsSync(path.join(DIST, "index.html"))) fail(`WEB_DIST_DIR: no index.html in ${DIST} (run the build first)`);
let siteJson;
try {
  // dist/site.json (if an operator placed one) under SITE_CONFIG_FILE under SITE_* env
  const site = siteConfigFromEnv(process.env, path.join(DIST, "site.json"));
  const problems = merchantProblems(site, process.env.PORTONE_MODE);
  if (problems.length > 0) fail(`the business details are incomplete (PORTONE_MODE=${process.env.PORTONE_MODE}): ${problems.join("; ")}`);
  siteJson = JSON.stringify(site);
} catch (err) {
  fail(err.message);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "SAMEORIGIN",
};

function send(res, status, body, type = "application/json; charset=utf-8", extra = {}) {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

function problem(res, status, code, detail) {
  send(
    res,
    status,
    JSON.stringify({ type: "about:blank", title: http.STATUS_CODES[status], status, detail, code }),
    "application/problem+json",
  );
}

function serveFile(req, res, file, cache) {
  const st = statSync(file);
  res.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "content-length": st.size,
    "cache-control": cache,
    "last-modified": st.mtime.toUTCString(),
    ...SECURITY_HEADERS,
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file).pipe(res);
}

function proxy(req, res) {
  const upstream = http.request(
    {
      hostname: UPSTREAM.hostname,
      port: UPSTREAM.port || 80,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: UPSTREAM.host, "x-forwarded-host": req.headers.host ?? "" },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) problem(res, 502, "BAD_GATEWAY", "API upstream unreachable");
    else res.destroy();
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://local");
  const p = url.pathname;
  if (p === "/health/live") return send(res, 200, JSON.stringify({ status: "ok" }));
  if (p === "/health/ready") {
    const ok = existsSync(path.join(DIST, "index.html"));
    return send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? "ok" : "unavailable", checks: { dist: ok ? "ok" : "missing" } }));
  }
  if (p === "/api" || p.startsWith("/api/")) {
    if (UPSTREAM) return proxy(req, res);
    return problem(res, 502, "SERVICE_UNAVAILABLE", "no API upstream configured (API_UPSTREAM_URL)");
  }
  if (req.method !== "GET" && req.method !== "HEAD") return problem(res, 405, "METHOD_NOT_ALLOWED", "static files only");
  if (p === "/site.json") return send(res, 200, siteJson, "application/json; charset=utf-8", { "cache-control": "no-cache" });

  let decoded;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    return problem(res, 400, "BAD_REQUEST", "malformed path");
  }
  const file = path.resolve(DIST, `.${path.posix.normalize(decoded)}`);
  if (!file.startsWith(DIST + path.sep) && file !== DIST) return problem(res, 404, "NOT_FOUND", "not found");
  if (existsSync(file) && statSync(file).isFile()) {
    const immutable = decoded.startsWith("/assets/");
    return serveFile(req, res, file, immutable ? "public, max-age=31536000, immutable" : "no-cache");
  }
  // client-side routes: anything without a file extension gets the app shell
  if (!path.extname(decoded)) return serveFile(req, res, path.join(DIST, "index.html"), "no-cache");
  return problem(res, 404, "NOT_FOUND", "not found");
});

server.listen(PORT, HOST, () => {
  const addr = server.address();
  console.log(
    JSON.stringify({
      level: "info",
      msg: "web listening",
      port: typeof addr === "object" ? addr?.port : PORT,
      dist: DIST,
      upstream: UPSTREAM?.origin ?? null,
    }),
  );
});

function shutdown(signal) {
  console.log(JSON.stringify({ level: "info", msg: "shutting down", signal }));
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
