import net from "node:net";
import { z } from "zod";
import { AppError, ConfigError, createLogger, createServiceApp, env, loadConfig, parseWith, runService, type RunningService } from "../src";

const logger = createLogger("kit-test", "silent");

async function start(routes: Parameters<typeof createServiceApp>[0]["routes"], readiness = {}): Promise<RunningService> {
  const { app, health } = createServiceApp({ service: "kit-test", logger, routes, readiness, jsonLimit: "1kb" });
  return runService({ service: "kit-test", app, health, logger, port: 0, host: "127.0.0.1", handleSignals: false });
}

describe("config", () => {
  it("when variables are missing or malformed, then one error names each of them", () => {
    const shape = {
      PORT: env.port(8080),
      DATABASE_URL: env.url().describe("PostgreSQL URL"),
      SECRET: env.secret(16),
      DEBUG: env.bool(false),
    };
    expect(() => loadConfig(shape, { PORT: "abc", SECRET: "short", DEBUG: "maybe" }, { exitOnError: false })).toThrow(ConfigError);
    try {
      loadConfig(shape, { PORT: "abc", SECRET: "short", DEBUG: "maybe" }, { exitOnError: false });
    } catch (e) {
      const msg = (e as Error).message;
      for (const key of ["PORT", "DATABASE_URL", "SECRET", "DEBUG"]) expect(msg).toContain(key);
      expect(msg).toContain("PostgreSQL URL");
    }
  });

  it("when variables are valid, then they are typed and defaulted", () => {
    const cfg = loadConfig({ PORT: env.port(8080), ON: env.bool(true), LIST: env.list() }, { LIST: "a, b" }, { exitOnError: false });
    expect(cfg).toEqual({ PORT: 8080, ON: true, LIST: ["a", "b"] });
  });
});

describe("service app", () => {
  let svc: RunningService;
  let ready = true;
  beforeAll(async () => {
    svc = await start(
      (app) => {
        app.post("/echo", (req, res) => {
          const body = parseWith(z.object({ name: z.string().min(1) }), req.body);
          res.status(201).json({ name: body.name, requestId: req.id });
        });
        app.get("/boom", () => {
          throw new Error("secret internals");
        });
        app.get("/conflict", () => {
          throw new AppError(409, "SLOT_FULL", "The slot is full.");
        });
      },
      {
        database: () => {
          if (!ready) throw new Error("db down");
        },
      },
    );
  });
  afterAll(() => svc.stop());

  it("when the body is valid, then the handler answers and echoes the request id", async () => {
    const res = await fetch(`${svc.url}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "req-123" },
      body: '{"name":"a"}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("req-123");
    expect(await res.json()).toEqual({ name: "a", requestId: "req-123" });
  });

  it.each([
    ["malformed JSON", "{nope", 400, "MALFORMED_JSON"],
    ["a wrong type", '{"name":5}', 400, "VALIDATION_FAILED"],
    ["a body over the limit", JSON.stringify({ name: "x".repeat(5000) }), 413, "PAYLOAD_TOO_LARGE"],
  ])("when the client sends %s, then it gets problem+json with a code", async (_label, body, status, code) => {
    const res = await fetch(`${svc.url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    expect(problem).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  });

  it("when a handler throws an unknown error, then 500 INTERNAL hides the message; AppErrors keep theirs", async () => {
    const res = await fetch(`${svc.url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret internals");
    expect(JSON.parse(text).code).toBe("INTERNAL");
    const c = await fetch(`${svc.url}/conflict`);
    expect(c.status).toBe(409);
    expect((await c.json()).code).toBe("SLOT_FULL");
    const nf = await fetch(`${svc.url}/nope`);
    expect(nf.status).toBe(404);
    expect((await nf.json()).code).toBe("ROUTE_NOT_FOUND");
  });

  it.each([
    ["a URL over the parser's 16 KiB limit", `GET /echo?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, "HEADERS_TOO_LARGE"],
    ["a header over the parser's limit", `GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(20_000)}\r\n\r\n`, 431, "HEADERS_TOO_LARGE"],
    ["a request line that is not HTTP", "HELLO THERE\r\n\r\n", 400, "MALFORMED_REQUEST"],
  ])("when the client sends %s, then Node's parser refusal is problem+json too", async (_label, raw, status, code) => {
    const { port } = new URL(svc.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(raw));
      let text = "";
      socket.on("data", (b) => (text += b.toString("latin1")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    const [head, body] = answer.split("\r\n\r\n");
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body!)).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String) });
  });

  it("when a dependency is down, then /health/ready is 503 naming it while /health/live stays 200", async () => {
    expect((await fetch(`${svc.url}/health/ready`)).status).toBe(200);
    ready = false;
    const res = await fetch(`${svc.url}/health/ready`);
    expect(res.status).toBe(503);
    expect((await res.json()).checks.database).toMatchObject({ status: "down", error: "db down" });
    expect((await fetch(`${svc.url}/health/live`)).status).toBe(200);
    ready = true;
  });
});

describe("graceful shutdown", () => {
  it("when stopping with a request in flight, then the request finishes and resources close after it", async () => {
    let release!: () => void;
    const closed: string[] = [];
    const { app, health } = createServiceApp({
      service: "kit-test",
      logger,
      routes: (a) =>
        a.get("/slow", async (_req, res) => {
          await new Promise<void>((r) => (release = r));
          res.json({ finished: true });
        }),
    });
    const svc = await runService({
      service: "kit-test",
      app,
      health,
      logger,
      port: 0,
      host: "127.0.0.1",
      handleSignals: false,
      closeables: [
        {
          name: "consumer",
          close: () => {
            closed.push("consumer");
          },
        },
      ],
    });
    const pending = fetch(`${svc.url}/slow`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 50));
    const stopped = svc.stop("test");
    expect(health.shuttingDown).toBe(true);
    release();
    expect(await pending).toEqual({ finished: true });
    await stopped;
    expect(closed).toEqual(["consumer"]);
  });
});
