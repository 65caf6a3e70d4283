import http from "node:http";
import { waitFor, type TestDatabase } from "@preprint/test-support";
import {
  deadPort,
  migratedDatabase,
  rawRequest,
  sleep,
  startBackend,
  startGateway,
  token,
  type Backend,
  type TestGateway,
} from "./helpers";

let db: TestDatabase;
let reservation: Backend;
let payment: Backend;
let notification: Backend;
let gw: TestGateway;
let customer: string;
let staff: string;
/** SSE connections the notification backend holds open, to push events from the test */
const sseClients: http.ServerResponse[] = [];
let sseClosed = 0;
let uploadFirstBytesAt = 0;

beforeAll(async () => {
  db = await migratedDatabase("gateway_proxy");
  reservation = await startBackend((req, res) => {
    if (req.url === "/stores/slow") {
      setTimeout(() => res.end("late"), 3000).unref();
      return;
    }
    if (req.url === "/uploads?refuse-at-once") {
      // refuses on the headers, as the upload route does for a wrong content type, and reads the
      // rest of the body only a little later (Node drains it after the response): the gateway's
      // upstream request meets backpressure after the answer is complete
      req.once("data", () => {
        req.pause();
        setTimeout(() => req.resume(), 300).unref();
      });
      res.writeHead(415, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ status: 415, code: "MULTIPART_REQUIRED" }));
      return;
    }
    if (req.url === "/uploads") {
      let bytes = 0;
      req.on("data", (c: Buffer) => {
        if (bytes === 0) uploadFirstBytesAt = Date.now();
        bytes += c.length;
      });
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ bytes }));
      });
      return;
    }
    if (req.url === "/stores/headers") {
      req.resume();
      res.writeHead(
        200,
        [
          ["content-type", "application/json"],
          ["set-cookie", "a=1; Path=/"],
          ["set-cookie", "b=2; Path=/"],
          ["x-frame-options", "SAMEORIGIN"],
          ["x-request-id", "not-the-edge-id"],
          ["keep-alive", "timeout=1"],
          ["x-service-header", "kept"],
        ].flat(),
      );
      res.end("{}");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ service: "reservation", url: req.url, body: Buffer.concat(chunks).toString("utf8") }));
    });
  });
  payment = await startBackend((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ service: "payment", url: req.url }));
    });
  });
  notification = await startBackend((req, res) => {
    if (req.url?.startsWith("/notifications/stream")) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write("event: hello\ndata: 1\n\n");
      sseClients.push(res);
      res.on("close", () => sseClosed++);
      return;
    }
    req.resume();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ service: "notification", url: req.url }));
  });
  gw = await startGateway(db, {
    RESERVATION_URL: reservation.url,
    PAYMENT_URL: payment.url,
    NOTIFICATION_URL: notification.url,
    UPSTREAM_TIMEOUT_MS: "400",
    MAX_BODY_BYTES: "2048",
    MAX_UPLOAD_BYTES: String(16 * 1024 * 1024),
    CORS_ORIGINS: "https://app.example.com",
  });
  customer = await token({ sub: "usr_customer", role: "customer" });
  staff = await token({ sub: "usr_staff", role: "staff", storeId: "str_1" });
});

afterAll(async () => {
  for (const r of sseClients) r.destroy();
  await gw?.close();
  await Promise.all([reservation?.close(), payment?.close(), notification?.close()]);
  await db?.drop();
});

const auth = (t: string) => ({ authorization: `Bearer ${t}` });

describe("routing", () => {
  it.each([
    ["GET", "/api/stores", "reservation", "/stores", undefined],
    ["GET", "/api/stores/str_1/slots?date=2026-12-01", "reservation", "/stores/str_1/slots?date=2026-12-01", undefined],
    ["GET", "/api/refund-policy", "reservation", "/refund-policy", undefined],
    // the path and query are forwarded byte for byte (percent-encodings and all), not re-parsed
    [
      "GET",
      "/api/stores?q=%ED%95%9C%EA%B8%80+x&tag=a%20b&empty=",
      "reservation",
      "/stores?q=%ED%95%9C%EA%B8%80+x&tag=a%20b&empty=",
      undefined,
    ],
    ["POST", "/api/quotes", "reservation", "/quotes", "customer"],
    ["GET", "/api/reservations/rsv_1", "reservation", "/reservations/rsv_1", "customer"],
    ["POST", "/api/reservations/rsv_1/cancel", "reservation", "/reservations/rsv_1/cancel", "customer"],
    ["GET", "/api/staff/reservations?date=2026-12-01", "reservation", "/staff/reservations?date=2026-12-01", "staff"],
    ["GET", "/api/payments/config", "payment", "/payments/config", undefined],
    ["POST", "/api/payments/webhooks/portone", "payment", "/payments/webhooks/portone", undefined],
    ["POST", "/api/payments/checkout", "payment", "/payments/checkout", "customer"],
    ["GET", "/api/notifications?limit=5", "notification", "/notifications?limit=5", "customer"],
    ["POST", "/api/notifications/ntf_1/read", "notification", "/notifications/ntf_1/read", "customer"],
  ])("when %s %s is called, then the %s service receives %s without the /api prefix", async (method, path, service, expected, who) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (who === "customer") Object.assign(headers, auth(customer));
    if (who === "staff") Object.assign(headers, auth(staff));
    const res = await fetch(`${gw.url}${path}`, { method, headers, body: method === "POST" ? '{"a":1}' : undefined });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { service: string; url: string; body?: string };
    expect(body).toMatchObject({ service, url: expected });
    if (service === "reservation" && method === "POST") expect(body.body).toBe('{"a":1}');
    const backend = { reservation, payment, notification }[service]!;
    expect(backend.seen.at(-1)?.url).toBe(expected);
  });

  it("when a path is not in the public API (e.g. /api/internal), then it is a 404 and no service sees it", async () => {
    const before = reservation.seen.length + payment.seen.length + notification.seen.length;
    const res = await fetch(`${gw.url}/api/internal/reservations/rsv_1`, { headers: auth(customer) });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("ROUTE_NOT_FOUND");
    const res2 = await fetch(`${gw.url}/api/storesinternal`);
    expect(res2.status).toBe(404);
    expect(reservation.seen.length + payment.seen.length + notification.seen.length).toBe(before);
  });

  it("when a path has dot segments or encoded slashes, then it is refused with 400 BAD_PATH and not forwarded", async () => {
    const before = reservation.seen.length;
    for (const path of ["/api/stores/../internal/x", "/api/stores/%2e%2e/internal", "/api/stores/a%2Fb"]) {
      const res = await rawRequest(gw.url, { path });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).code).toBe("BAD_PATH");
    }
    expect(reservation.seen.length).toBe(before);
  });

  it("when a request carries X-Request-Id, then the service receives the same id and it is echoed; without one, one is made", async () => {
    const res = await fetch(`${gw.url}/api/stores`, { headers: { "x-request-id": "req-abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("req-abc-123");
    expect(reservation.seen.at(-1)?.headers["x-request-id"]).toBe("req-abc-123");
    const res2 = await fetch(`${gw.url}/api/stores`, { headers: { "x-request-id": "bad id with spaces" } });
    const made = res2.headers.get("x-request-id");
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(reservation.seen.at(-1)?.headers["x-request-id"]).toBe(made);
    expect(reservation.seen.at(-1)?.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });
});

describe("token at the edge", () => {
  it("when a protected route is called without a token, then 401 problem+json and the service is not called", async () => {
    const before = reservation.seen.length;
    const res = await fetch(`${gw.url}/api/reservations`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { code: string }).code).toBe("UNAUTHENTICATED");
    expect(reservation.seen.length).toBe(before);
  });

  it.each([
    ["expired", "TOKEN_EXPIRED", async () => token({ sub: "u", role: "customer" }, undefined, -60)],
    [
      "signed with another secret",
      "TOKEN_INVALID",
      async () => token({ sub: "u", role: "customer" }, "another-secret-that-is-long-enough-000000"),
    ],
    ["garbage", "TOKEN_INVALID", async () => "a.b.c"],
  ])("when the token is %s, then 401 %s and the service is not called", async (_what, code, make) => {
    const before = payment.seen.length;
    const res = await fetch(`${gw.url}/api/payments/pay1`, { headers: auth(await make()) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(payment.seen.length).toBe(before);
  });

  it("when a customer calls a staff route, then 403 and the service is not called; staff gets through", async () => {
    const before = reservation.seen.length;
    const res = await fetch(`${gw.url}/api/staff/reservations?date=2026-12-01`, { headers: auth(customer) });
    expect(res.status).toBe(403);
    expect(reservation.seen.length).toBe(before);
    const ok = await fetch(`${gw.url}/api/staff/reservations?date=2026-12-01`, { headers: auth(staff) });
    expect(ok.status).toBe(200);
    expect(reservation.seen.length).toBe(before + 1);
  });

  it("when a public route gets an invalid token, then it is served anonymously (the service decides)", async () => {
    const res = await fetch(`${gw.url}/api/stores`, { headers: auth("a.b.c") });
    expect(res.status).toBe(200);
    expect(reservation.seen.at(-1)?.url).toBe("/stores");
  });
});

describe("streaming", () => {
  it("when a large upload is sent, then the service receives the first bytes before the client has finished sending", async () => {
    const chunk = Buffer.alloc(256 * 1024, 7);
    const chunks = 24; // 6 MiB
    const u = new URL(gw.url);
    uploadFirstBytesAt = 0;
    const result = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          method: "POST",
          path: "/api/uploads",
          headers: { ...auth(customer), "content-type": "application/pdf", "content-length": chunk.length * chunks },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      void (async () => {
        req.write(chunk);
        // the gateway must pass bytes on at once: the service sees them while 23 chunks are still unsent
        await waitFor(() => uploadFirstBytesAt > 0, { timeoutMs: 3000, description: "first upload bytes at the service" });
        for (let i = 1; i < chunks; i++) {
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      })().catch(reject);
    });
    const res = await result;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ bytes: chunk.length * chunks });
  });

  it("when the service streams server-sent events, then each event reaches the client as it is sent", async () => {
    const u = new URL(gw.url);
    const events: string[] = [];
    let response: http.IncomingMessage | undefined;
    const req = http.get(
      { host: u.hostname, port: u.port, path: `/api/notifications/stream?access_token=${customer}&lastEventId=3`, agent: false },
      (res) => {
        response = res;
        res.setEncoding("utf8");
        res.on("data", (c: string) => events.push(c));
      },
    );
    req.on("error", () => undefined);
    await waitFor(() => events.join("").includes("data: 1"), { timeoutMs: 3000, description: "first event" });
    expect(response?.headers["content-type"]).toBe("text/event-stream");
    expect(response?.headers["x-accel-buffering"]).toBe("no");
    // the query token became a header and left the URL the service sees
    const seen = notification.seen.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${customer}`);
    expect(seen.url).toBe("/notifications/stream?lastEventId=3");
    // a second event sent later arrives without the stream ending
    sseClients.at(-1)!.write("event: update\ndata: 2\n\n");
    await waitFor(() => events.join("").includes("data: 2"), { timeoutMs: 3000, description: "second event" });
    expect(response?.complete).toBe(false);
    // the browser leaves: the connection to the service is closed too
    const closedBefore = sseClosed;
    req.destroy();
    await waitFor(() => sseClosed > closedBefore, { timeoutMs: 3000, description: "service saw the client leave" });
  });

  it("when the stream is requested without any token, then 401 and the service is not called", async () => {
    const before = notification.seen.length;
    const res = await fetch(`${gw.url}/api/notifications/stream`);
    expect(res.status).toBe(401);
    expect(notification.seen.length).toBe(before);
  });
});

describe("failures", () => {
  it("when a service is down, then 502 problem+json UPSTREAM_UNAVAILABLE quickly", async () => {
    const dead = await deadPort();
    const other = await startGateway(db, {
      RESERVATION_URL: `http://127.0.0.1:${dead}`,
      PAYMENT_URL: `http://127.0.0.1:${dead}`,
      NOTIFICATION_URL: `http://127.0.0.1:${dead}`,
    });
    try {
      const started = Date.now();
      const res = await fetch(`${other.url}/api/stores`);
      expect(res.status).toBe(502);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 502, code: "UPSTREAM_UNAVAILABLE" });
      expect(Date.now() - started).toBeLessThan(1000);
      const pay = await fetch(`${other.url}/api/payments/checkout`, {
        method: "POST",
        headers: { ...auth(customer), "content-type": "application/json" },
        body: "{}",
      });
      expect(pay.status).toBe(502);
    } finally {
      await other.close();
    }
  });

  it("when a service does not answer within the route timeout, then 504 UPSTREAM_TIMEOUT at about that time", async () => {
    const started = Date.now();
    const res = await fetch(`${gw.url}/api/stores/slow`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ status: 504, code: "UPSTREAM_TIMEOUT" });
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(1500);
    // the gateway still serves afterwards (the timed-out upstream socket was dropped, not reused)
    expect((await fetch(`${gw.url}/api/stores`)).status).toBe(200);
  });

  it("when a body is larger than the route's limit, then 413 and the service never sees it", async () => {
    const before = reservation.seen.length;
    const res = await rawRequest(gw.url, {
      method: "POST",
      path: "/api/quotes",
      headers: { ...auth(customer), "content-type": "application/json" },
      body: "x".repeat(4096),
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe("PAYLOAD_TOO_LARGE");
    expect(reservation.seen.length).toBe(before);
  });

  it("when a client sends a body far over the limit in full, then it reads the 413 problem (no reset mid-upload) and the same connection serves the next request", async () => {
    const before = reservation.seen.length;
    // one keep-alive socket for everything: the refused body must be read off it, not left in it
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const u = new URL(gw.url);
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; socket: unknown }>((resolve, reject) => {
        const req = http.request(
          { host: u.hostname, port: u.port, method, path, agent, headers: { ...auth(customer), "content-type": "application/json" } },
          (r) => {
            let text = "";
            r.setEncoding("utf8");
            r.on("data", (c: string) => (text += c));
            r.on("end", () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: text, socket: req.socket }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    try {
      const refused = await send("POST", "/api/quotes", Buffer.alloc(4 * 1024 * 1024, "x"));
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
      expect(refused.headers.connection).not.toBe("close");
      const next = await send("GET", "/api/stores");
      expect(next.status).toBe(200);
      expect(next.socket).toBe(refused.socket);
    } finally {
      agent.destroy();
    }
    expect(reservation.seen.length).toBe(before + 1);
  });

  it("when the service answers before the body is all forwarded, then the rest is dropped and the same connection serves the next request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const u = new URL(gw.url);
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; body: string; socket: unknown }>((resolve, reject) => {
        const req = http.request(
          { host: u.hostname, port: u.port, method, path, agent, headers: { ...auth(customer), "content-type": "application/pdf" } },
          (r) => {
            let text = "";
            r.setEncoding("utf8");
            r.on("data", (c: string) => (text += c));
            r.on("end", () => resolve({ status: r.statusCode ?? 0, body: text, socket: req.socket }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    try {
      const refused = await send("POST", "/api/uploads?refuse-at-once", Buffer.alloc(16 * 1024 * 1024, "x"));
      expect(refused.status).toBe(415);
      // before: the gateway's copy of the body stalled once the answer was complete, so the client
      // never finished sending and this request was never read (a reset at headersTimeout)
      let timer: NodeJS.Timeout | undefined;
      const unanswered = new Promise<{ status: number; body: string; socket: unknown }>((resolve) => {
        timer = setTimeout(() => resolve({ status: 0, body: "no answer within 20 s", socket: undefined }), 20_000);
      });
      const next = await Promise.race([send("GET", "/api/stores"), unanswered]).finally(() => clearTimeout(timer));
      expect(next.status).toBe(200);
      expect(next.socket).toBe(refused.socket);
    } finally {
      agent.destroy();
    }
  });

  it("when a chunked body grows past the limit, then 413 PAYLOAD_TOO_LARGE instead of the service's answer", async () => {
    const u = new URL(gw.url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          method: "POST",
          path: "/api/quotes",
          headers: { ...auth(customer), "content-type": "application/json" },
          agent: false,
        },
        (r) => {
          let body = "";
          r.on("data", (c) => (body += c));
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      void (async () => {
        for (let i = 0; i < 6; i++) {
          if (req.destroyed) return;
          req.write("y".repeat(1024));
          await sleep(20);
        }
        req.end();
      })();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("edge headers", () => {
  it("when any response leaves the gateway (proxied or its own), then it carries the security headers", async () => {
    for (const path of ["/api/stores", "/api/auth/me", "/"]) {
      const res = await fetch(`${gw.url}${path}`);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it.each([
    ["same-origin", {}],
    ["cross-origin (allowed)", { origin: "https://app.example.com" }],
  ])(
    "when a service answers a %s call with its own headers, then they pass through, except hop-by-hop ones and those the edge owns",
    async (_, headers: Record<string, string>) => {
      const res = await fetch(`${gw.url}/api/stores/headers`, { headers: { ...headers, "x-request-id": "edge-id-1" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-service-header")).toBe("kept");
      expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
      // the edge's values, once each
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-request-id")).toBe("edge-id-1");
      // the service's keep-alive is about its connection to the gateway, not the client's
      expect(res.headers.get("keep-alive")).not.toBe("timeout=1");
      if (headers.origin) expect(res.headers.get("access-control-allow-origin")).toBe(headers.origin);
    },
  );

  it("when an allowed origin sends a preflight, then it is answered at the edge with the allowed methods and headers", async () => {
    const before = reservation.seen.length;
    const res = await fetch(`${gw.url}/api/reservations`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(reservation.seen.length).toBe(before);
  });

  it("when an origin is not on the allow-list, then no CORS headers are granted", async () => {
    const pre = await fetch(`${gw.url}/api/reservations`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    const res = await fetch(`${gw.url}/api/stores`, { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const ok = await fetch(`${gw.url}/api/stores`, { headers: { origin: "https://app.example.com" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(ok.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(ok.headers.get("vary")).toContain("Origin");
  });
});
