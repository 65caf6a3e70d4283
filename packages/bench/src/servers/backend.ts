/**
 * The bare backend every proxy variant sits in front of (the method of docs/platform-notes.md N9): node:http,
 * no framework, 200 B of JSON for any path. Run as its own process: `node dist/servers/backend.js <port>`.
 */
import http from "node:http";

export const BODY = Buffer.from(JSON.stringify({ ok: true, pad: "x".repeat(180) }));

export function createBackend(): http.Server {
  const server = http.createServer((req, res) => {
    // drain any request body so the keep-alive socket stays usable
    req.resume();
    req.once("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": BODY.length });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  const server = createBackend();
  server.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
