/**
 * SSE streams have their own upstream socket budget: however many streams are open, ordinary calls
 * to the same service still get sockets, and a stream beyond the budget is a quick 503 with
 * Retry-After instead of a request queued behind the open streams until it times out.
 */
import http from "node:http";
import { waitFor, type TestDatabase } from "@preprint/test-support";
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

/** Sends a request with no body and resolves with its status, headers and body (a HEAD ends at its headers). */
function send(
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders = { authorization: auth },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const u = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ method, host: u.hostname, port: u.port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 10 s`)));
    req.end();
  });
}

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
      await waitFor(
        async () => {
          const s = await open("/api/notifications/stream");
          if (s.status === 200) streams.push(s);
          else s.close();
          return s.status === 200;
        },
        { timeoutMs: 10_000, intervalMs: 50, description: "a stream admitted after one closed" },
      );
    } finally {
      for (const s of streams) s.close();
    }
  });
});

describe("stream methods", () => {
  it("when the stream is asked for with HEAD or another method than GET (in any spelling), then the gateway answers 405 itself and ordinary calls still answer", async () => {
    const before = backend.seen.length;
    for (const [method, path] of [
      ["HEAD", "/api/notifications/stream"],
      ["HEAD", "/api/notifications/stream/"],
      ["HEAD", "/api/notifications/Stream"],
      ["POST", "/api/notifications/stream"],
      ["DELETE", "/api/notifications/STREAM/"],
    ] as const) {
      const r = await send(method, path);
      expect([method, path, r.status, r.headers.allow]).toEqual([method, path, 405, "GET"]);
      if (method !== "HEAD") expect(JSON.parse(r.body)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    }
    expect(backend.seen.slice(before).map((s) => `${s.method} ${s.url}`)).toEqual([]);
    // the ordinary budget (2 sockets) was not lent to a held-open stream
    const calls = await Promise.all(Array.from({ length: 4 }, () => send("GET", "/api/notifications?limit=5")));
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200]);
  });
});
