/**
 * The lean reference design for a Node gateway, the origin of the gateway's 0.8× target
 * (docs/platform-notes.md N9, ADR 0092): a node:http server that hands `/api/*` straight to the
 * http-proxy-middleware function after a JWT check, with the verification key made once — no
 * express, no router, no body parsing, and nothing else per request: no request id, no security
 * headers, no tracing, no metric, no access line, no rate limit, no timeout. The proxy options are
 * the gateway's lean ones (keep-alive agent, target parsed once, `toProxy`, hpm's default plugins
 * ejected). It shows how fast any gateway built from node:http + hpm can be on this machine: the
 * gateway's features are measured against it, not against zero.
 *
 * `node dist/servers/lean-proxy.js <port> <target-url> <jwt-secret> [workers]`: with workers > 1, a
 * node:cluster primary forks that many workers sharing the port, as the gateway does.
 */
import cluster from "node:cluster";
import http from "node:http";
import { createProxyMiddleware } from "http-proxy-middleware";
import { createTokenVerifier } from "@preprint/auth";

export function createLeanProxy(target: string, jwtSecret: string, maxSockets = 256): http.Server {
  const t = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: 64, scheduling: "lifo" });
  const verify = createTokenVerifier(jwtSecret);
  const proxy = createProxyMiddleware<http.IncomingMessage, http.ServerResponse>({
    target: { protocol: t.protocol, host: t.host, hostname: t.hostname, port: t.port, path: "/" },
    agent,
    changeOrigin: true,
    xfwd: true,
    toProxy: true,
    ejectPlugins: true,
    // with the default plugins ejected, `on:` handlers are not wired: a plugin answers errors
    plugins: [
      (proxyServer) =>
        proxyServer.on("error", (_err, _req, res) => {
          if (!("writeHead" in res)) return void res.destroy();
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
          res.end("bad gateway");
        }),
    ],
  });
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const auth = req.headers.authorization;
    if (!url.startsWith("/api/") || auth === undefined || !auth.startsWith("Bearer ")) {
      res.writeHead(401, { "content-type": "text/plain" }).end("unauthenticated");
      return;
    }
    try {
      verify(auth.slice(7));
    } catch {
      res.writeHead(401, { "content-type": "text/plain" }).end("invalid token");
      return;
    }
    req.url = url.slice(4);
    void proxy(req, res, () => res.writeHead(502).end());
  });
  server.keepAliveTimeout = 65_000;
  server.on("close", () => agent.destroy());
  return server;
}

if (require.main === module) {
  const [port, target, secret, workers] = [Number(process.argv[2] ?? 0), process.argv[3], process.argv[4], Number(process.argv[5] ?? 1)];
  if (!target || !secret) throw new Error("usage: lean-proxy.js <port> <target-url> <jwt-secret> [workers]");
  if (workers > 1 && cluster.isPrimary) {
    let listening = 0;
    cluster.on("listening", () => {
      if (++listening === workers) process.send?.({ ready: true });
    });
    for (let i = 0; i < workers; i++) cluster.fork();
    process.on("SIGTERM", () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      cluster.disconnect(() => process.exit(0));
    });
  } else {
    const server = createLeanProxy(target, secret);
    server.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
    process.on("SIGTERM", () => server.close(() => process.exit(0)));
  }
}
