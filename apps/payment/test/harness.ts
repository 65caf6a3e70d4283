import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import * as amqp from "amqplib";
import { createTokenVerifier, signAccessToken } from "@preprint/auth";
import { createEvent } from "@preprint/contracts";
import { createLogger } from "@preprint/service-kit";
import { AMQP_URL, Api, createMigratedDatabase, runMigrations, uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { freePort } from "@preprint/test-support/app-process";
import { loadPaymentConfig, type PaymentConfig } from "../src/config";
import { startPaymentService, type PaymentService } from "../src/service";

export const JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";
export const INTERNAL_JWT_SECRET = "test-internal-secret-0123456789abcdef012345";
export const API_SECRET = "sandbox-api-secret-" + randomBytes(8).toString("hex");
export const WEBHOOK_SECRET = "whsec_" + randomBytes(24).toString("base64");
export const STORE_ID = "store-00000000-0000-0000-0000-000000000001";

const SANDBOX_DIR = path.resolve(__dirname, "../../portone-sandbox");
const APP_DIR = path.resolve(__dirname, "..");

// one port allocator for every suite (it never hands out a port twice, and keeps out of the
// kernel's ephemeral range): a copy of its earlier listen(0) version lived here
export { freePort };

// ---------------------------------------------------------------- PortOne sandbox (real process)

export interface SandboxProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  hook(pathname: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

/** Builds apps/portone-sandbox if needed and spawns `node dist/main.js` on a free port. */
export async function startSandbox(webhookUrl: string, extraEnv: Record<string, string> = {}): Promise<SandboxProcess> {
  if (!existsSync(path.join(SANDBOX_DIR, "dist/main.js"))) {
    execFileSync("pnpm", ["--filter", "@preprint/portone-sandbox", "run", "build"], { cwd: APP_DIR, stdio: "inherit" });
  }
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(SANDBOX_DIR, "dist/main.js")], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "error",
      PORT: String(port),
      PORTONE_API_SECRET: API_SECRET,
      PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORTONE_STORE_ID: STORE_ID,
      SANDBOX_WEBHOOK_URL: webhookUrl,
      SANDBOX_WEBHOOK_TIME_SCALE: "0.0001",
      SANDBOX_WEBHOOK_TIMEOUT_MS: "5000",
      OTEL_TRACES_EXPORTER: "none",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`sandbox exited: ${stderr}`);
      return (await fetch(`${url}/health/live`)).ok;
    },
    { timeoutMs: 15_000, description: "sandbox up" },
  );
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
    async hook(pathname, body, method = "POST") {
      const res = await fetch(`${url}${pathname}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

// ------------------------------------------------------- reservation service stub (test-owned)

export interface StubReservation {
  id: string;
  customerId: string;
  status: string;
  totalAmount: number;
  currency: "KRW";
  expiresAt: string;
  orderName: string;
  customer: { id: string; name: string; email: string; phone?: string };
  store: { id: string; name: string; timeZone: string };
  slot: { id: string; startsAt: string; endsAt: string };
}

/**
 * A real HTTP server serving the documented `GET /internal/reservations/{id}` (service token
 * only), until the reservation service lands its internal endpoint.
 */
export async function startReservationStub() {
  const reservations = new Map<string, StubReservation>();
  const verify = createTokenVerifier(INTERNAL_JWT_SECRET);
  let calls = 0;
  const server = http.createServer((req, res) => {
    const m = /^\/internal\/reservations\/([^/?]+)$/.exec(req.url ?? "");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    try {
      const claims = verify((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (claims.role !== "service") return send(403, { code: "FORBIDDEN" });
    } catch {
      return send(401, { code: "UNAUTHENTICATED" });
    }
    calls++;
    const r = m && reservations.get(decodeURIComponent(m[1]!));
    if (!r) return send(404, { code: "RESERVATION_NOT_FOUND" });
    // the shape of @preprint/contracts' internalReservation, which the reservation service answers through
    send(200, { ...r, customer: { ...r.customer, phone: r.customer.phone ?? null }, paymentId: null, paidAmount: 0, refundedAmount: 0 });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url,
    reservations,
    get calls() {
      return calls;
    },
    add(over: Partial<StubReservation> & { customerId: string }): StubReservation {
      const id = over.id ?? uniqueName("rsv");
      const r: StubReservation = {
        id,
        status: "PENDING_PAYMENT",
        totalAmount: 4200,
        currency: "KRW",
        expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        orderName: "프린트 예약 A4 흑백 21매",
        customer: { id: over.customerId, name: "김고객", email: "customer@example.com", phone: "01012345678" },
        store: { id: "str_gangnam", name: "프리프린트 강남점", timeZone: "Asia/Seoul" },
        slot: {
          id: "slt_1",
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 5_400_000).toISOString(),
        },
        ...over,
      };
      reservations.set(id, r);
      return r;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- events observed on RabbitMQ

export interface EventTap {
  events: any[];
  ofType(type: string): any[];
  close(): Promise<void>;
}

/** Binds a throw-away queue to the test exchange and records every event published. */
export async function tapEvents(exchange: string): Promise<EventTap> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, "topic", { durable: true });
  const q = await ch.assertQueue("", { exclusive: true, autoDelete: true });
  await ch.bindQueue(q.queue, exchange, "#");
  const events: any[] = [];
  await ch.consume(
    q.queue,
    (m) => {
      if (m) events.push(JSON.parse(m.content.toString()));
    },
    { noAck: true },
  );
  return {
    events,
    ofType: (type) => events.filter((e) => e.type === type),
    close: async () => {
      await ch.close().catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}

export async function publishEvent(exchange: string, event: { id: string; type: string }) {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createConfirmChannel();
  await ch.assertExchange(exchange, "topic", { durable: true });
  ch.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), {
    persistent: true,
    messageId: event.id,
    contentType: "application/json",
  });
  await ch.waitForConfirms();
  await conn.close();
}

// ---------------------------------------------------------------- the whole rig

export interface Rig {
  db: TestDatabase;
  sandbox: SandboxProcess;
  stub: Awaited<ReturnType<typeof startReservationStub>>;
  svc: PaymentService;
  url: string;
  exchange: string;
  tap: EventTap;
  config: PaymentConfig;
  stop(): Promise<void>;
}

/** Applies (or checks) this app's migrations on `databaseUrl`; resolves to the runner's output. */
export function migrate(databaseUrl: string, command: "deploy" | "check" = "deploy"): Promise<string> {
  return runMigrations(APP_DIR, databaseUrl, command);
}

export async function startRig(env: Record<string, string> = {}, sandboxEnv: Record<string, string> = {}): Promise<Rig> {
  // what started so far is stopped if a later step fails: a sandbox left running keeps jest from exiting
  const started: (() => Promise<unknown>)[] = [];
  try {
    return await buildRig(env, started, sandboxEnv);
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => {});
    throw err;
  }
}

async function buildRig(
  env: Record<string, string>,
  started: (() => Promise<unknown>)[],
  sandboxEnv: Record<string, string>,
): Promise<Rig> {
  const db = await createMigratedDatabase(APP_DIR, "payment");
  started.push(() => db.drop());
  const port = await freePort();
  const sandbox = await startSandbox(`http://127.0.0.1:${port}/payments/webhooks/portone`, sandboxEnv);
  started.push(() => sandbox.stop());
  const stub = await startReservationStub();
  started.push(() => stub.close());
  const exchange = uniqueName("pay_ex");
  const tap = await tapEvents(exchange);
  started.push(() => tap.close());
  const config = loadPaymentConfig({
    NODE_ENV: "test",
    PORT: String(port),
    PAYMENT_DATABASE_URL: db.url,
    AMQP_URL,
    EVENTS_EXCHANGE: exchange,
    JWT_SECRET,
    INTERNAL_JWT_SECRET,
    RESERVATION_URL: stub.url,
    PUBLIC_BASE_URL: "http://localhost:8080",
    PORTONE_MODE: "sandbox",
    PORTONE_API_BASE_URL: sandbox.url,
    PORTONE_API_SECRET: API_SECRET,
    PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PORTONE_STORE_ID: STORE_ID,
    PORTONE_TIMEOUT_MS: "2000",
    RECONCILE_ENABLED: "false",
    RELAY_INTERVAL_MS: "100",
    QUEUE_PREFIX: `${exchange}.`,
    ...env,
  });
  const svc = await startPaymentService(config, {
    logger: createLogger("payment", process.env.TEST_LOG_LEVEL ?? "silent"),
    retryDelaysMs: [200, 500],
    host: "127.0.0.1",
  });
  started.push(() => svc.stop("rig failed to start"));
  await svc.messaging.connection.waitUntilReady(10_000);
  return {
    db,
    sandbox,
    stub,
    svc,
    url: svc.url,
    exchange,
    tap,
    config,
    async stop() {
      await svc.stop("test done");
      await tap.close();
      await stub.close();
      await sandbox.stop();
      await db.drop();
    },
  };
}

export async function customerToken(sub: string): Promise<string> {
  return signAccessToken({ sub, role: "customer", email: "customer@example.com", name: "김고객" }, JWT_SECRET);
}

export function api(
  rig: Rig,
  method: string,
  pathname: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return new Api(rig.url).call(method, pathname, { ...opts, redirect: "follow" });
}

/** A customer's reservation (in the stub) with an open checkout: the payment PENDING at PortOne. */
export async function openCheckout(rig: Rig, totalAmount = 4200) {
  const customerId = `usr_${randomBytes(4).toString("hex")}`;
  const token = await customerToken(customerId);
  const rsv = rig.stub.add({ customerId, totalAmount });
  const res = await api(rig, "POST", "/payments/checkout", { token, body: { reservationId: rsv.id, payMethod: "CARD" } });
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { paymentId: res.body.paymentId as string, rsv, token, customerId };
}

/** A checkout paid in the sandbox and completed: the payment APPROVED. */
export async function approvedPayment(rig: Rig, totalAmount = 4200) {
  const c = await openCheckout(rig, totalAmount);
  await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
  const done = await api(rig, "POST", `/payments/${c.paymentId}/complete`, { token: c.token });
  if (done.body?.status !== "APPROVED") throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.body)}`);
  return { paymentId: c.paymentId, reservationId: c.rsv.id, token: c.token };
}

/** What the reservation service publishes when the customer cancels before paying. */
export async function customerCancelsUnpaid(rig: Rig, rsv: { id: string }, customerId: string): Promise<void> {
  rig.stub.reservations.get(rsv.id)!.status = "CANCELLED";
  await publishEvent(
    rig.exchange,
    createEvent(
      "reservation.status-changed",
      { reservationId: rsv.id, customerId, storeId: "str_gangnam", from: "PENDING_PAYMENT", to: "CANCELLED", at: new Date().toISOString() },
      { source: "reservation" },
    ),
  );
}

/** The payment as the sandbox (PortOne) holds it. */
export function portonePayment(rig: Rig, id: string) {
  return fetch(`${rig.sandbox.url}/payments/${id}`, { headers: { authorization: `PortOne ${rig.config.PORTONE_API_SECRET}` } }).then((r) =>
    r.json(),
  );
}

/** Standard Webhooks signature, as PortOne computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export { waitFor, uniqueName };
