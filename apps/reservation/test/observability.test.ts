import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as amqp from "amqplib";
import { signAccessToken } from "@preprint/auth";
import { jsonLines, metricValue, otlpEnv, startOtlpReceiver } from "@preprint/telemetry/testing";
import { uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { DEMO_STORE_ID, seedDemoStore } from "../src/seed";
import { AMQP_URL, INTERNAL_JWT_SECRET, JWT_SECRET, migratedDatabase } from "./helpers";

// The built service as a child process: OpenTelemetry instrumentation does not work inside jest's
// module loader (docs/platform-notes.md N10).
let db: TestDatabase;
let prisma: PrismaClient;
let app: AppProcess;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let storageDir: string;
const prefix = `${uniqueName("obs")}.`;
const exchange = uniqueName("rsv_obs_ex");

beforeAll(async () => {
  db = await migratedDatabase("rsv_obs");
  prisma = createPrisma(db.url, 2);
  await seedDemoStore(prisma);
  const table = await prisma.priceTable.findFirstOrThrow({ where: { storeId: DEMO_STORE_ID } });
  const slot = await prisma.slot.create({
    data: {
      id: "slt_obs",
      storeId: DEMO_STORE_ID,
      startsAt: new Date(Date.now() + 86_400_000),
      endsAt: new Date(Date.now() + 90_000_000),
      capacity: 100,
    },
  });
  const base = {
    customerId: "usr_obs",
    customerName: "김관측",
    customerEmail: "obs@example.com",
    storeId: DEMO_STORE_ID,
    slotId: slot.id,
    pages: 1,
    totalAmount: 100,
    priceTableId: table.id,
    expiresAt: new Date(Date.now() + 600_000),
  };
  await prisma.reservation.createMany({
    data: [
      { ...base, id: "rsv_obs_1", status: "PENDING_PAYMENT" },
      { ...base, id: "rsv_obs_2", status: "PENDING_PAYMENT" },
      { ...base, id: "rsv_obs_3", status: "CONFIRMED" },
    ],
  });
  // an outbox row held back by its back-off (the relay leaves it) and one that can never be sent
  await prisma.outboxEvent.createMany({
    data: [
      {
        id: "evt_obs_pending",
        type: "reservation.created",
        payload: {},
        createdAt: new Date(Date.now() - 3_600_000),
        availableAt: new Date(Date.now() + 3_600_000),
      },
      { id: "evt_obs_failed", type: "reservation.created", payload: {}, status: "FAILED" },
    ],
  });
  storageDir = await mkdtemp(path.join(os.tmpdir(), "rsv-obs-"));
  otlp = await startOtlpReceiver();
  app = await startApp({
    name: "reservation",
    cwd: path.resolve(__dirname, ".."),
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      JWT_SECRET,
      INTERNAL_JWT_SECRET,
      RESERVATION_DATABASE_URL: db.url,
      AMQP_URL,
      EVENTS_EXCHANGE: exchange,
      AMQP_QUEUE_PREFIX: prefix,
      STORAGE_LOCAL_DIR: storageDir,
      ...otlpEnv(otlp.url),
    },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await otlp?.close();
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  for (const q of ["", ".dlq", ".retry.1000ms", ".retry.5000ms", ".retry.30000ms"])
    await ch.deleteQueue(`${prefix}reservation${q}`).catch(() => undefined);
  await ch.deleteExchange(exchange).catch(() => undefined);
  await conn.close();
  await prisma?.$disconnect();
  await db?.drop();
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

test("when /metrics is scraped, then reservations by status, outbox age/failed and DLQ depth are there with the database's and broker's numbers", async () => {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createConfirmChannel();
  ch.sendToQueue(`${prefix}reservation.dlq`, Buffer.from("{}"), { persistent: true });
  await ch.waitForConfirms();
  await conn.close();

  const text = await waitFor(
    async () => {
      const t = await (await fetch(`${app.url}/metrics`)).text();
      return metricValue(t, "preprint_messaging_dlq_depth") === 1 ? t : undefined;
    },
    { timeoutMs: 10_000, description: "DLQ depth 1 at /metrics" },
  );
  expect(metricValue(text, "preprint_reservations", { status: "PENDING_PAYMENT" })).toBe(2);
  expect(metricValue(text, "preprint_reservations", { status: "CONFIRMED" })).toBe(1);
  expect(metricValue(text, "preprint_reservations", { status: "REFUNDED" })).toBe(0);
  expect(metricValue(text, "preprint_outbox_oldest_pending_age")).toBeGreaterThanOrEqual(3_590);
  expect(metricValue(text, "preprint_outbox_failed")).toBe(1);
  expect(metricValue(text, "preprint_messaging_dlq_depth", { queue: `${prefix}reservation.dlq` })).toBe(1);
});

test("when a reservation is read with a token, then its span carries the reservation id, the log line has trace ids, and the token is nowhere", async () => {
  const token = await signAccessToken({ sub: "svc:payment", role: "service" }, INTERNAL_JWT_SECRET);
  const res = await fetch(`${app.url}/internal/reservations/rsv_obs_3?access_token=${token}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect((await res.json()).id).toBe("rsv_obs_3");

  const server = await waitFor(() => otlp.spans.find((s) => s.kind === 2 && s.attributes["preprint.reservation.id"] === "rsv_obs_3"), {
    timeoutMs: 10_000,
    description: "server span with preprint.reservation.id",
  });
  expect(server.service).toBe("reservation");
  const line = await waitFor(
    () => jsonLines(app.output()).find((l) => l.msg === "http request" && l.route === "/internal/reservations/:reservationId"),
    { timeoutMs: 5_000, description: "access log line" },
  );
  expect(line).toMatchObject({ level: "info", service: "reservation", trace_id: server.traceId, status: 200 });
  expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
  const signature = token.split(".")[2]!;
  expect(app.output()).not.toContain(signature);
  expect(otlp.raw.join("\n")).not.toContain(signature);
  expect(app.output().toLowerCase()).not.toContain("authorization");
});
