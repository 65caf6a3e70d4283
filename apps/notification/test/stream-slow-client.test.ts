import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { deleteConsumerTopology, MessagingConnection, Publisher, silentLogger } from "@preprint/messaging";
import { metricValue } from "@preprint/telemetry/testing";
import { uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";
import { AMQP_URL, events, JWT_SECRET, migratedDatabase, openSse, staffToken, STORE, type SseClient } from "./helpers";

// The built service as a child process: what this guards against ends the process.
jest.setTimeout(120_000);
const prefix = `${uniqueName("ntf_slow")}.`;
const exchange = uniqueName("ntf_slow_ex");
let db: TestDatabase;
let app: AppProcess;
let conn: MessagingConnection;
let mailDir: string;
let slow: net.Socket | undefined;
let good: SseClient | undefined;

beforeAll(async () => {
  db = await migratedDatabase("ntf_slow");
  mailDir = await mkdtemp(path.join(os.tmpdir(), "ntf-slow-"));
  app = await startApp({
    name: "notification",
    cwd: path.resolve(__dirname, ".."),
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      NOTIFICATION_DATABASE_URL: db.url,
      AMQP_URL,
      EVENTS_EXCHANGE: exchange,
      QUEUE_PREFIX: prefix,
      JWT_SECRET,
      MAIL_DIR: mailDir,
      SSE_HEARTBEAT_MS: "100",
    },
  });
  conn = await new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger }).connect();
});

afterAll(async () => {
  slow?.destroy();
  good?.close();
  await app?.stop();
  if (conn) {
    const ch = await conn.createChannel();
    await deleteConsumerTopology(ch, `${prefix}notification`).catch(() => undefined);
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close();
  }
  await db?.drop();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

const alive = () => app.child.exitCode === null && app.child.signalCode === null;
const openStreams = async () => metricValue(await (await fetch(`${app.url}/metrics`)).text(), "preprint_notification_streams");

test("when a client stops reading its stream while events pile up, then it is cut off and the service keeps running and streaming to others", async () => {
  // a raw socket that reads the response head and then never reads again
  slow = net.connect(app.port, "127.0.0.1");
  const token = await staffToken("usr_slow_reader", STORE.id);
  slow.write(
    `GET /notifications/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) => slow!.once("data", (b: Buffer) => resolve(b.toString())));
  expect(head).toMatch(/^HTTP\/1\.1 200/);
  slow.pause();

  good = await openSse(`${app.url}/notifications/stream?access_token=${await staffToken("usr_good_reader", STORE.id)}`);
  expect(good.status).toBe(200);

  // ~100 kB per event for the store's staff, until the slow reader has more waiting than allowed
  const publisher = new Publisher(conn);
  const reason = "느린 클라이언트 ".repeat(6_000);
  let sent = 0;
  while (sent < 150 && alive() && (await openStreams()) !== 1) {
    const e = events.refundFailed();
    await publisher.publish({ ...e, data: { ...e.data, reason } });
    sent++;
    await waitFor(() => good!.events.length === sent || !alive(), { timeoutMs: 15_000 });
  }
  expect({ alive: alive(), output: alive() ? "" : app.output().slice(-2000) }).toEqual({ alive: true, output: "" });
  expect(await openStreams()).toBe(1);

  // heartbeats go on (one written after end() raises 'error' on the response; unhandled, it ends the process)
  const beats = good.comments.length;
  await waitFor(() => good!.comments.length >= beats + 5 || !alive(), { timeoutMs: 10_000 });
  expect(alive()).toBe(true);
  const after = events.refundFailed();
  await publisher.publish(after);
  await waitFor(() => good!.events.some((e) => JSON.parse(e.data).data.refundId === after.data.refundId), { timeoutMs: 10_000 });
  expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
});
