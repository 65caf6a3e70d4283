import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, runService } from "@preprint/service-kit";
import { buildApp, type Sandbox } from "../../src/app";
import { loadSandboxConfig, type SandboxConfig } from "../../src/config";

export const API_SECRET = "test-api-secret-0123456789";
export const STORE_ID = "store-4a7b1c3e-0000-4000-8000-000000000001";
export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

export interface RunningSandbox {
  url: string;
  sandbox: Sandbox;
  config: SandboxConfig;
  stop: () => Promise<void>;
}

/** The sandbox in-process on a free port, configured from env-like values as main.ts would be. */
export async function startSandbox(env: Record<string, string> = {}): Promise<RunningSandbox> {
  const config = loadSandboxConfig(
    {
      NODE_ENV: "test",
      PORTONE_API_SECRET: API_SECRET,
      PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORTONE_STORE_ID: STORE_ID,
      SANDBOX_WEBHOOK_TIME_SCALE: "0.0001", // 1 minute → 6 ms
      SANDBOX_WEBHOOK_TIMEOUT_MS: "2000",
      ...env,
    },
    { exitOnError: false },
  );
  const logger = createLogger("portone-sandbox-test", process.env.LOG_LEVEL ?? "silent");
  const sandbox = buildApp(config, logger);
  const running = await runService({
    service: "portone-sandbox",
    app: sandbox.app,
    health: sandbox.health,
    logger,
    port: 0,
    host: "127.0.0.1",
    handleSignals: false,
  });
  return {
    url: running.url,
    sandbox,
    config,
    stop: async () => {
      sandbox.stop();
      running.server.closeAllConnections();
      await running.stop("test done");
    },
  };
}

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** A tiny webhook receiver: records every POST and answers with `respond(n)` (n = 1-based call count). */
export async function startReceiver(respond: (n: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = respond(received.length);
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/portone`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `fn` returns a truthy value or the deadline passes. */
export async function waitUntil<T>(fn: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let seq = 0;
/** Payment ids like ours: letters and digits only, ≤ 40 chars (Smartro's rule). */
export const newPaymentId = () => `pay${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(4).toString("hex")}`;

/** Calls a sandbox test hook; returns status and JSON. */
export async function hook(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
