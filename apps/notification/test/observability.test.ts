import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deleteConsumerTopology, MessagingConnection, Publisher, silentLogger } from "@preprint/messaging";
import { jsonLines, metricValue, otlpEnv, startOtlpReceiver } from "@preprint/telemetry/testing";
import { uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";
import { AMQP_URL, customer, events, JWT_SECRET, migratedDatabase } from "./helpers";

// The built service as a child process: instrumentation does not work inside jest
// (docs/platform-notes.md N10).
jest.setTimeout(60_000);
const prefix = `${uniqueName("ntf_obs")}.`;
const exchange = uniqueName("ntf_obs_ex");
let db: TestDatabase;
let app: AppProcess;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let mailDir: string;

beforeAll(async () => {
  db = await migratedDatabase("ntf_obs");
  mailDir = await mkdtemp(path.join(os.tmpdir(), "ntf-obs-"));
  otlp = await startOtlpReceiver();
  app = await startApp({
    name: "notification",
    cwd: path.resolve(__dirname, ".."),
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      NOTIFICATION_DATABASE_URL: db.url,
      AMQP_URL,
      EVENTS_EXCHANGE: exchange,
      QUEUE_PREFIX: prefix,
      JWT_SECRET,
      MAIL_DIR: mailDir,
      EMAIL_POLL_MS: "200",
      ...otlpEnv(otlp.url),
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await otlp?.close();
  const conn = await new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger }).connect();
  const ch = await conn.createChannel();
  await deleteConsumerTopology(ch, `${prefix}notification`).catch(() => undefined);
  await ch.deleteExchange(exchange).catch(() => undefined);
  await conn.close();
  await db?.drop();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

test("when a confirmation is stored and e-mailed, then /metrics counts one per channel, the consumer span carries the reservation id, and no personal data leaks", async () => {
  const before = await (await fetch(`${app.url}/metrics`)).text();
  expect(metricValue(before, "preprint_notifications_sent_total", { channel: "in_app" })).toBe(0);
  expect(metricValue(before, "preprint_messaging_dlq_depth", { queue: `${prefix}notification.dlq` })).toBe(0);

  const c = customer();
  const event = events.confirmed(c);
  const conn = await new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger }).connect();
  await new Publisher(conn).publish(event);
  await conn.close();

  const text = await waitFor(
    async () => {
      const t = await (await fetch(`${app.url}/metrics`)).text();
      return metricValue(t, "preprint_notifications_sent_total", { channel: "email" }) === 1 ? t : undefined;
    },
    { timeoutMs: 15_000, description: "e-mail counted as sent" },
  );
  expect(metricValue(text, "preprint_notifications_sent_total", { channel: "in_app" })).toBe(1);
  expect(metricValue(text, "preprint_notifications_failed_total", { channel: "email" })).toBe(0);
  expect(metricValue(text, "preprint_messaging_process_duration_count", { type: "reservation.confirmed" })).toBe(1);

  const consumer = await waitFor(
    () => otlp.spans.find((s) => s.kind === 5 && s.attributes["preprint.reservation.id"] === event.data.reservationId),
    { timeoutMs: 10_000, description: "consumer span with preprint.reservation.id" },
  );
  expect(consumer.attributes["preprint.payment.id"]).toBe(event.data.paymentId);
  const stored = jsonLines(app.output()).find((l) => l.msg === "notification stored" && l.eventId === event.id);
  expect(stored).toMatchObject({ trace_id: consumer.traceId, service: "notification" });
  // the customer's name and e-mail are in the event but never on a span or a log line
  for (const leak of [c.email, c.name]) {
    expect(otlp.raw.join("\n")).not.toContain(leak);
    expect(app.output()).not.toContain(leak);
  }
});
