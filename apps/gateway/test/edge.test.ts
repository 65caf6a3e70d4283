import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { runMigrations, type TestDatabase } from "@preprint/test-support";
import { APP_DIR, deadPort, migratedDatabase, startBackend, startGateway, token, type Backend } from "./helpers";

let db: TestDatabase;
let backend: Backend;

beforeAll(async () => {
  db = await migratedDatabase("gateway_edge");
  backend = await startBackend((req, res) => {
    req.resume();
    if (req.url === "/health/ready") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "ready", checks: { database: { status: "up" } } }));
      return;
    }
    res.end("ok");
  });
});
afterAll(async () => {
  await backend?.close();
  await db?.drop();
});

describe("rate limits on the proxy path", () => {
  it("when one address exceeds its bucket, then 429 RATE_LIMITED with Retry-After and the service is not called", async () => {
    const gw = await startGateway(db, { RESERVATION_URL: backend.url, RATE_LIMIT_IP_RPS: "1", RATE_LIMIT_IP_BURST: "3" });
    try {
      const before = backend.seen.length;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${gw.url}/api/stores`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(backend.seen.length - before).toBe(3);
      const res = await fetch(`${gw.url}/api/stores`);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(((await res.json()) as { code: string }).code).toBe("RATE_LIMITED");
    } finally {
      await gw.close();
    }
  });

  it("when one user exceeds the per-user bucket, then that user gets 429 while another user is still served", async () => {
    const gw = await startGateway(db, { RESERVATION_URL: backend.url, RATE_LIMIT_USER_RPS: "1", RATE_LIMIT_USER_BURST: "2" });
    try {
      const a = { authorization: `Bearer ${await token({ sub: "usr_a", role: "customer" })}` };
      const b = { authorization: `Bearer ${await token({ sub: "usr_b", role: "customer" })}` };
      const before = backend.seen.length;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${gw.url}/api/reservations`, { headers: a })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await fetch(`${gw.url}/api/reservations`, { headers: b })).status).toBe(200);
      expect(backend.seen.length - before).toBe(3);
    } finally {
      await gw.close();
    }
  });
});

describe("health", () => {
  it("when every service is ready, then /api/health is 200 listing each one and the gateway database", async () => {
    const gw = await startGateway(db, {
      RESERVATION_URL: backend.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
      PRINTING_URL: backend.url,
    });
    try {
      const res = await fetch(`${gw.url}/api/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; components: Record<string, { status: string }> };
      expect(body.status).toBe("ready");
      expect(Object.keys(body.components).sort()).toEqual(["gatewayDatabase", "notification", "payment", "printing", "reservation"]);
      expect(Object.values(body.components).every((c) => c.status === "up")).toBe(true);
      expect(backend.seen.filter((s) => s.url === "/health/ready").length).toBeGreaterThanOrEqual(3);
    } finally {
      await gw.close();
    }
  });

  it("when a service is down, then /api/health is 503 naming it, and the gateway's own readiness stays up", async () => {
    const dead = await deadPort();
    const gw = await startGateway(db, {
      RESERVATION_URL: backend.url,
      PAYMENT_URL: `http://127.0.0.1:${dead}`,
      NOTIFICATION_URL: backend.url,
      PRINTING_URL: backend.url,
    });
    try {
      const res = await fetch(`${gw.url}/api/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; components: Record<string, { status: string; error?: string }> };
      expect(body.status).toBe("degraded");
      expect(body.components.payment).toEqual({ status: "down" });
      expect(body.components.reservation!.status).toBe("up");
      expect((await fetch(`${gw.opsUrl}/health/ready`)).status).toBe(200);
      // operators see why, on the operations port
      const ops = (await (await fetch(`${gw.opsUrl}/health/dependencies`)).json()) as {
        components: Record<string, { status: string; error?: string }>;
      };
      expect(ops.components.payment).toEqual({ status: "down", error: "unreachable" });
    } finally {
      await gw.close();
    }
  });
});

describe("operations endpoints", () => {
  it("when a dependency fails with a revealing error, then /api/health says only up/down; the details are on the operations port", async () => {
    const leaky = await startBackend((req, res) => {
      req.resume();
      res.statusCode = 503;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          status: "not-ready",
          checks: { database: { status: "down", error: "connect ECONNREFUSED 10.3.7.12:5432 user=reservation_app" } },
        }),
      );
    });
    const gw = await startGateway(db, {
      RESERVATION_URL: leaky.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
      PRINTING_URL: backend.url,
    });
    try {
      const res = await fetch(`${gw.url}/api/health`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: "degraded",
        components: {
          reservation: { status: "down" },
          payment: { status: "up" },
          notification: { status: "up" },
          printing: { status: "up" },
          gatewayDatabase: { status: "up" },
        },
      });
      expect(text).not.toMatch(/ECONNREFUSED|10\.3\.7\.12|reservation_app|HTTP 503|not-ready/);
      const ops = await (await fetch(`${gw.opsUrl}/health/dependencies`)).text();
      expect(ops).toContain("ECONNREFUSED 10.3.7.12:5432");
      // its own readiness is its database only: a service down does not take the gateway out of rotation
      expect((await fetch(`${gw.opsUrl}/health/ready`)).status).toBe(200);
    } finally {
      await gw.close();
      await leaky.close();
    }
  });

  it("when the public port is asked for metrics or readiness in any spelling, then it answers with the web app or 404; the operations port serves them", async () => {
    const gw = await startGateway(db, {
      RESERVATION_URL: backend.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
      PRINTING_URL: backend.url,
    });
    try {
      for (const p of [
        "/metrics",
        "/metrics/",
        "/METRICS",
        "/health/ready",
        "/health/ready/",
        "/Health/Ready",
        "/health/dependencies",
        "/api/metrics",
        "/api/health/ready",
      ]) {
        const res = await fetch(`${gw.url}${p}`);
        const type = res.headers.get("content-type") ?? "";
        // a GET of an unknown path is the web app's (SPA deep links), never metrics or a readiness report
        expect({ p, answer: res.status === 404 || type.startsWith("text/html") }).toEqual({ p, answer: true });
        expect(await res.text()).not.toMatch(/# HELP|# TYPE|"checks"|telemetry not started/);
      }
      expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${gw.opsUrl}/health/live`)).status).toBe(200);
      const ready = await fetch(`${gw.opsUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { status: "up" } } });
      // no meter provider in this process: the kit's metrics route answers, just without data
      expect([200, 503]).toContain((await fetch(`${gw.opsUrl}/metrics`)).status);
      expect((await fetch(`${gw.opsUrl}/api/health`)).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});

describe("requests the HTTP parser refuses", () => {
  it("when a URL or a header is over the parser's 16 KiB limit, then the answer is problem+json, not a bare status line", async () => {
    const gw = await startGateway(db, {
      RESERVATION_URL: backend.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
      PRINTING_URL: backend.url,
    });
    try {
      const { port } = new URL(gw.url);
      for (const raw of [
        `GET /api/stores?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET /api/stores HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(20_000)}\r\n\r\n`,
      ]) {
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(raw));
          let text = "";
          socket.on("data", (b: Buffer) => (text += b.toString("latin1")));
          socket.on("end", () => resolve(text));
          socket.on("error", reject);
        });
        const [head, body] = answer.split("\r\n\r\n");
        expect(head).toMatch(/^HTTP\/1.1 431 /);
        expect(head).toMatch(/content-type: application\/problem\+json/i);
        expect(JSON.parse(body!)).toMatchObject({ status: 431, code: "HEADERS_TOO_LARGE" });
      }
    } finally {
      await gw.close();
    }
  });
});

describe("web app", () => {
  let dist: string;
  beforeAll(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "gateway-web-"));
    fs.mkdirSync(path.join(dist, "assets"));
    fs.writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>preprint app</title>");
    fs.writeFileSync(path.join(dist, "assets", "index-B3x9kQ2a.js"), "console.log(1)");
    fs.writeFileSync(path.join(dist, "favicon.ico"), "ico");
  });
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  it("when the built app exists, then / and deep links serve index.html, hashed assets are immutable, missing files 404", async () => {
    const gw = await startGateway(db, { WEB_DIST_DIR: dist });
    try {
      const root = await fetch(`${gw.url}/`, { headers: { accept: "text/html" } });
      expect(root.status).toBe(200);
      expect(await root.text()).toContain("preprint app");
      expect(root.headers.get("cache-control")).toBe("no-cache");
      const deep = await fetch(`${gw.url}/reservations/rsv_1`, { headers: { accept: "text/html" } });
      expect(await deep.text()).toContain("preprint app");
      const asset = await fetch(`${gw.url}/assets/index-B3x9kQ2a.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect((await fetch(`${gw.url}/favicon.ico`)).headers.get("cache-control")).toBe("no-cache");
      const missing = await fetch(`${gw.url}/assets/gone-12345678.js`, { headers: { accept: "*/*" } });
      expect(missing.status).toBe(404);
      const api = await fetch(`${gw.url}/api/nope`, { headers: { accept: "text/html" } });
      expect(api.status).toBe(404);
      expect(api.headers.get("content-type")).toContain("application/problem+json");
    } finally {
      await gw.close();
    }
  });

  it("when the app is not built, then / serves a placeholder page instead of failing", async () => {
    const gw = await startGateway(db, { WEB_DIST_DIR: path.join(dist, "missing") });
    try {
      const res = await fetch(`${gw.url}/`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("/api/docs");
    } finally {
      await gw.close();
    }
  });
});

describe("migrations", () => {
  it("when the migrations are applied to an empty database, then they match prisma/schema.prisma (no drift)", async () => {
    const stdout = await runMigrations(APP_DIR, db.url, "check");
    expect(stdout).toMatch(/in sync|ok/i);
  });
});
