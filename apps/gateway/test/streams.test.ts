/**
 * SSE streams have their own upstream socket budget: however many streams are open, ordinary calls
 * to the same service still get sockets, and a stream beyond the budget is a quick 503 with
 * Retry-After instead of a request queued behind the open streams until it times out.
 */
import http from "node:http";
import type { TestDatabase } from "@preprint/test-support";
import { waitFor } from "@preprint/test-support";
import { migratedDatabase, startBackend, startGateway, token, type Backend, type TestGateway } from "./helpers";

let db: TestDatabase;
let backend: Backend;
let gw: TestGateway;
let auth: string;

beforeAll(async () => {
  db = await migratedDatabase("gateway_streams");
  backend = await startBackend((req, res) => {
    if (/^\/notifications\/stream\/*$/i.test((req.url ?? "").split("?")[0]!)) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": open\n\n"); // and never ends: the gateway's socket stays busy
      return;
    }
    req.resume();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ items: [] }));
  });
  gw = await startGateway(db, {
    NOTIFICATION_URL: backend.url,
    UPSTREAM_MAX_SOCKETS: "2",
    UPSTREAM_STREAM_MAX_SOCKETS: "3",
    UPSTREAM_TIMEOUT_MS: "2000",
    RATE_LIMIT_IP_RPS: "0",
    RATE_LIMIT_USER_RPS: "0",
  });
  auth = `Bearer ${await token({ sub: "usr_streams", role: "customer" })}`;
});
afterAll(async () => {
  await gw?.close();
  await backend?.close();
  await db?.drop();
});

interface Opened {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Promise<string>;
  close(): void;
}

/** Sends a GET and resolves at the response headers; the body keeps coming until close(). */
function open(path: string, headers: http.OutgoingHttpHeaders = { authorization: auth }): Promise<Opened> {
  const u = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: u.hostname, port: u.port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const body = new Promise<string>((done) => {
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
        res.on("close", () => done(Buffer.concat(chunks).toString("utf8")));
      });
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close: () => req.destroy() });
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} in 10 s`)));
  });
}

jest.setTimeout(60_000);

describe("stream socket budget", () => {
  it("when streams fill their budget (in any spelling), then ordinary calls to the service still answer, and one more stream is 503 with Retry-After", async () => {
    const streams = await Promise.all(
      ["/api/notifications/stream", "/api/notifications/stream/", `/api/notifications/Stream?access_token=${auth.slice(7)}`].map((p, i) =>
        open(p, i === 2 ? {} : { authorization: auth }),
      ),
    );
    try {
      expect(streams.map((s) => [s.status, s.headers["content-type"]])).toEqual(Array(3).fill([200, "text/event-stream"]));

      const calls = await Promise.all(Array.from({ length: 4 }, () => open("/api/notifications?limit=5")));
      expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200]);

      const more = await open("/api/notifications/stream");
      expect(more.status).toBe(503);
      expect(more.headers["content-type"]).toContain("application/problem+json");
      expect(Number(more.headers["retry-after"])).toBeGreaterThan(0);
      expect(JSON.parse(await more.body)).toMatchObject({ status: 503, code: "STREAMS_BUSY" });

      // a stream that ends gives its place back
      streams.pop()!.close();
      await waitFor(async () => {
        const s = await open("/api/notifications/stream");
        if (s.status === 200) streams.push(s);
        else s.close();
        return s.status === 200;
      }, { timeoutMs: 10_000, intervalMs: 50, description: "a stream admitted after one closed" });
    } finally {
      for (const s of streams) s.close();
    }
  });
});
