/**
 * The reference reverse proxy the gateway is held against: node:http server + one keep-alive agent,
 * no framework, no checks, headers and bodies streamed through. `node dist/servers/bare-proxy.js <port> <target-url>`.
 */
import http from "node:http";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

export function createBareProxy(target: string, maxSockets = 256): http.Server {
  const t = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: 64, scheduling: "lifo" });
  const server = http.createServer((req, res) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    headers.host = t.host;
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers, agent }, (upRes) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    });
    up.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway");
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 65_000;
  server.on("close", () => agent.destroy());
  return server;
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  const target = process.argv[3];
  if (!target) throw new Error("usage: bare-proxy.js <port> <target-url>");
  const server = createBareProxy(target);
  server.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
