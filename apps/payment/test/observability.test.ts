import path from "node:path";
import * as amqp from "amqplib";
import { jsonLines, metricValue, otlpEnv, startOtlpReceiver } from "@preprint/telemetry/testing";
import { AMQP_URL, createTestDatabase, uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";
import {
  API_SECRET,
  customerToken,
  freePort,
  INTERNAL_JWT_SECRET,
  JWT_SECRET,
  migrate,
  startReservationStub,
  startSandbox,
  STORE_ID,
  WEBHOOK_SECRET,
  type SandboxProcess,
} from "./harness";

// The built service as a child process: instrumentation does not work inside jest
// (docs/platform-notes.md N10).
jest.setTimeout(60_000);
const queue = uniqueName("pay_obs");
let db: TestDatabase;
let sandbox: SandboxProcess;
let stub: Awaited<ReturnType<typeof startReservationStub>>;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let app: AppProcess;
const exchange = uniqueName("pay_obs_ex");

beforeAll(async () => {
  db = await createTestDatabase("pay_obs");
  await migrate(db.url);
  const port = await freePort();
  sandbox = await startSandbox(`http://127.0.0.1:${port}/payments/webhooks/portone`);
  stub = await startReservationStub();
  otlp = await startOtlpReceiver();
  app = await startApp({
    name: "payment",
    cwd: path.resolve(__dirname, ".."),
    port,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      PAYMENT_DATABASE_URL: db.url,
      AMQP_URL,
      EVENTS_EXCHANGE: exchange,
      PAYMENT_QUEUE: queue,
      JWT_SECRET,
      INTERNAL_JWT_SECRET,
      RESERVATION_URL: stub.url,
      PUBLIC_BASE_URL: "http://localhost:8080",
      PORTONE_MODE: "sandbox",
      PORTONE_API_BASE_URL: sandbox.url,
      PORTONE_API_SECRET: API_SECRET,
      PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORTONE_STORE_ID: STORE_ID,
      RECONCILE_ENABLED: "false",
      ...otlpEnv(otlp.url),
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await otlp?.close();
  await stub?.close();
  await sandbox?.stop();
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  for (const q of ["", ".dlq", ".retry.1000ms", ".retry.5000ms", ".retry.30000ms"])
    await ch.deleteQueue(`${queue}${q}`).catch(() => undefined);
  await ch.deleteExchange(exchange).catch(() => undefined);
  await conn.close();
  await db?.drop();
});

async function payAndComplete(outcome: "PAID" | "FAILED") {
  const customerId = uniqueName("usr");
  const token = await customerToken(customerId);
  const rsv = stub.add({ customerId });
  const res = await fetch(`${app.url}/payments/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ reservationId: rsv.id, payMethod: "CARD" }),
  });
  expect(res.status).toBe(201);
  const { paymentId } = (await res.json()) as { paymentId: string };
  await sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome });
  const done = await fetch(`${app.url}/payments/${paymentId}/complete`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  return { paymentId, token, rsv, status: done.status, body: (await done.json()) as { status: string } };
}

test("when one payment is approved and one declined, then /metrics counts each once, with the outbox and DLQ gauges beside them", async () => {
  const before = await (await fetch(`${app.url}/metrics`)).text();
  expect(metricValue(before, "preprint_payments_approved_total", { method: "CARD" })).toBe(0);

  const ok = await payAndComplete("PAID");
  expect(ok).toMatchObject({ status: 200, body: { status: "APPROVED" } });
  const declined = await payAndComplete("FAILED");
  expect(declined).toMatchObject({ status: 200, body: { status: "FAILED" } });
  // settling an approved payment again changes nothing, and counts nothing
  await fetch(`${app.url}/payments/${ok.paymentId}/complete`, { method: "POST", headers: { authorization: `Bearer ${ok.token}` } });

  const text = await (await fetch(`${app.url}/metrics`)).text();
  expect(metricValue(text, "preprint_payments_approved_total", { method: "CARD" })).toBe(1);
  expect(metricValue(text, "preprint_payments_failed_total", { code: "PG_DECLINED" })).toBe(1);
  expect(metricValue(text, "preprint_refunds_completed_total")).toBe(0);
  expect(metricValue(text, "preprint_outbox_oldest_pending_age")).toBeGreaterThanOrEqual(0);
  expect(metricValue(text, "preprint_outbox_failed")).toBe(0);
  expect(metricValue(text, "preprint_messaging_dlq_depth", { queue: `${queue}.dlq` })).toBe(0);
  // the consumer's and relay's instruments from @preprint/messaging are exported too
  expect(text).toMatch(/^preprint_messaging_published_total\{/m);

  // the payment's spans are searchable by its ids; the customer's token never reaches logs or spans
  const complete = await waitFor(
    () =>
      otlp.spans.find(
        (s) =>
          s.kind === 2 && s.attributes["preprint.payment.id"] === ok.paymentId && String(s.attributes["http.route"]).includes("complete"),
      ),
    { timeoutMs: 10_000, description: "complete's server span with preprint.payment.id" },
  );
  expect(complete.attributes).toMatchObject({ "preprint.reservation.id": ok.rsv.id, "preprint.store.id": expect.any(String) });
  const line = jsonLines(app.output()).find((l) => l.msg === "http request" && l.trace_id === complete.traceId);
  expect(line).toMatchObject({ service: "payment", status: 200 });
  const signature = ok.token.split(".")[2]!;
  expect(app.output()).not.toContain(signature);
  expect(otlp.raw.join("\n")).not.toContain(signature);
  expect(otlp.raw.join("\n")).not.toContain("customer@example.com");
});

test("when PortOne reports a PAID payment whose id we never issued, then it is cancelled and counted in preprint_payments_unknown_total", async () => {
  const before = await (await fetch(`${app.url}/metrics`)).text();
  expect(metricValue(before, "preprint_payments_unknown_total")).toBe(0);
  const stranger = `pay${uniqueName("x").replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 40);
  expect(
    (
      await sandbox.hook(`/__sandbox/payments/${stranger}/pay`, {
        payMethod: "CARD",
        outcome: "PAID",
        totalAmount: 5000,
        orderName: "모르는 주문",
      })
    ).status,
  ).toBe(200);
  await waitFor(async () => metricValue(await (await fetch(`${app.url}/metrics`)).text(), "preprint_payments_unknown_total") === 1, {
    timeoutMs: 15_000,
    description: "unknown payment counted",
  });
  const theirs = await fetch(`${sandbox.url}/payments/${stranger}`, { headers: { authorization: `PortOne ${API_SECRET}` } }).then((r) =>
    r.json(),
  );
  expect(theirs.status).toBe("CANCELLED");
  expect(jsonLines(app.output()).find((l) => l.msg === "PAID payment with an id we never issued; cancelling it")).toMatchObject({
    paymentId: stranger,
  });
});
