import path from "node:path";
import { signAccessToken } from "@preprint/auth";
import { createEvent, newId, type EventData, type EventEnvelope, type EventType } from "@preprint/contracts";
import { deleteConsumerTopology, MessagingConnection, Publisher, silentLogger } from "@preprint/messaging";
import { createLogger } from "@preprint/service-kit";
import { AMQP_URL, createMigratedDatabase, MailCatcher, uniqueName, type CapturedMail, type TestDatabase } from "@preprint/test-support";
import { loadNotificationConfig, type Config } from "../src/config";
import { startNotificationService, type NotificationService } from "../src/service";

export { AMQP_URL };
export const JWT_SECRET = "test-jwt-secret-that-is-at-least-32-chars";
const APP_DIR = path.resolve(__dirname, "..");

/** A fresh database with every migration applied (the offline runner, like production). */
export function migratedDatabase(prefix = "notification"): Promise<TestDatabase> {
  return createMigratedDatabase(APP_DIR, prefix);
}

/** The shared SMTP capture behind a TcpProxy, so a test can take the mail provider "down". */
export class TestSmtp extends MailCatcher {
  constructor() {
    super({ behindProxy: true });
  }

  mailsTo(address: string): CapturedMail[] {
    return this.to(address);
  }

  close(): Promise<void> {
    return this.stop();
  }
}

export interface Harness {
  db: TestDatabase;
  exchange: string;
  queuePrefix: string;
  config: Config;
  publisher: Publisher;
  publish<T extends EventType>(event: EventEnvelope<T>): Promise<void>;
  start(overrides?: Partial<Record<keyof Config, string>>): Promise<NotificationService>;
  /** stops every replica started so far */
  stopAll(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * One test file's world: its own database, exchange and queue names, a publisher on that
 * exchange, and as many service replicas as the test starts.
 */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const db = await migratedDatabase();
  const exchange = uniqueName("ntf_ex");
  const queuePrefix = `${uniqueName("ntf")}.`;
  const baseEnv = {
    NODE_ENV: "test",
    PORT: "0",
    NOTIFICATION_DATABASE_URL: db.url,
    AMQP_URL,
    EVENTS_EXCHANGE: exchange,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET,
    PUBLIC_BASE_URL: "https://preprint.test",
    MAIL_FROM: "프리프린트 <no-reply@preprint.test>",
    EMAIL_POLL_MS: "100",
    EMAIL_RETRY_BASE_MS: "200",
    EMAIL_RETRY_MAX_MS: "1000",
    ...env,
  };
  const config = loadNotificationConfig(baseEnv as NodeJS.ProcessEnv, { exitOnError: false });
  const pubConn = new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger });
  await pubConn.connect();
  const publisher = new Publisher(pubConn);
  const services: NotificationService[] = [];
  const logger = createLogger("notification-test", process.env.TEST_LOG_LEVEL ?? "silent");
  return {
    db,
    exchange,
    queuePrefix,
    config,
    publisher,
    publish: (event) => publisher.publish(event),
    async start(overrides = {}) {
      const c = loadNotificationConfig({ ...baseEnv, ...overrides } as NodeJS.ProcessEnv, { exitOnError: false });
      const s = await startNotificationService(c, { logger, retryDelaysMs: [100, 200], maxAttempts: 3 });
      services.push(s);
      await s.messaging.connection.waitUntilReady(10_000);
      return s;
    },
    async stopAll() {
      for (const s of services.splice(0)) await s.stop("test done");
    },
    async dispose() {
      for (const s of services.splice(0)) await s.stop("test done");
      const ch = await pubConn.createChannel();
      await deleteConsumerTopology(ch, `${queuePrefix}notification`, [100, 200]).catch(() => undefined);
      await ch.deleteExchange(exchange).catch(() => undefined);
      await pubConn.close();
      await db.drop();
    },
  };
}

// ---- tokens ----

export const customerToken = (id: string, extra: { email?: string; name?: string } = {}) =>
  signAccessToken({ sub: id, role: "customer", email: extra.email ?? `${id}@example.com`, name: extra.name ?? "김민지" }, JWT_SECRET);
export const staffToken = (id: string, storeId: string) => signAccessToken({ sub: id, role: "staff", storeId }, JWT_SECRET);

// ---- events as the other services publish them ----

export const STORE = { id: "sto_gangnam", name: "프리프린트 강남점", timeZone: "Asia/Seoul" };
/** 14:00–14:30 in Seoul */
export const SLOT = { id: "slt_1", startsAt: "2026-12-01T05:00:00.000Z", endsAt: "2026-12-01T05:30:00.000Z" };
export const SLOT_TEXT = "2026년 12월 1일 화 14:00 ~ 14:30";

export function customer(suffix = newId("usr")) {
  const id = suffix.startsWith("usr") ? suffix : `usr_${suffix}`;
  return { id, name: "김민지", email: `${id.toLowerCase()}@example.com` };
}

type C = ReturnType<typeof customer>;
const ev = <T extends EventType>(type: T, data: EventData<T>, source: string) => createEvent(type, data, { source });

export const events = {
  confirmed: (c: C, reservationId = newId("rsv")) =>
    ev(
      "reservation.confirmed",
      {
        reservationId,
        paymentId: newId("pay", false),
        customer: c,
        store: STORE,
        slot: SLOT,
        totalAmount: 12_300,
        currency: "KRW",
        pickupCode: "048213",
      },
      "reservation",
    ),
  ready: (c: C, reservationId = newId("rsv")) =>
    ev("reservation.ready", { reservationId, customer: c, store: STORE, slot: SLOT, pickupCode: "048213" }, "reservation"),
  expired: (c: C, reservationId = newId("rsv")) =>
    ev(
      "reservation.expired",
      { reservationId, customer: c, store: STORE, slot: SLOT, expiredAt: "2026-12-01T01:10:00.000Z" },
      "reservation",
    ),
  pickedUp: (c: C, reservationId = newId("rsv")) =>
    ev(
      "reservation.picked-up",
      { reservationId, customer: c, store: STORE, slot: SLOT, pickedUpAt: "2026-12-01T05:12:00.000Z" },
      "reservation",
    ),
  paymentFailed: (c: C, reservationId = newId("rsv")) =>
    ev(
      "payment.failed",
      {
        paymentId: "pay01TEST",
        reservationId,
        customer: c,
        store: STORE,
        amount: 1_234_500,
        currency: "KRW",
        code: "AMOUNT_MISMATCH",
        reason: "amount differs",
      },
      "payment",
    ),
  refundCompleted: (c: C, reservationId = newId("rsv")) =>
    ev(
      "refund.completed",
      {
        refundId: newId("rfd"),
        reservationId,
        paymentId: "pay01TEST",
        amount: 6_150,
        currency: "KRW",
        cancellationId: "cxl_1",
        remainingAmount: 6_150,
        customer: c,
        store: STORE,
        completedAt: "2026-12-01T06:00:00.000Z",
      },
      "payment",
    ),
  refundFailed: (reservationId = newId("rsv")) =>
    ev(
      "refund.failed",
      {
        refundId: newId("rfd"),
        reservationId,
        paymentId: "pay01TEST",
        amount: 6_150,
        store: STORE,
        errorType: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
        reason: "exceeds",
      },
      "payment",
    ),
  statusChanged: (
    customerId: string,
    reservationId: string,
    from: "CONFIRMED" | "PRINTING" | "READY" | null,
    to: "CONFIRMED" | "PRINTING" | "READY" | "PICKED_UP",
  ) =>
    ev(
      "reservation.status-changed",
      { reservationId, customerId, storeId: STORE.id, from, to, at: new Date().toISOString() },
      "reservation",
    ),
};

// ---- a minimal SSE client over fetch (Node has no EventSource) ----

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  comments: string[];
  closed: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: ac.signal });
  const client: SseClient = { status: res.status, events: [], comments: [], closed: Promise.resolve(), close: () => ac.abort() };
  if (!res.ok || !res.body) return client;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  client.closed = (async () => {
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let idx: number;
        while ((idx = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          const e: SseEvent = { event: "message", data: "" };
          let hasData = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) client.comments.push(line.slice(1).trim());
            else if (line.startsWith("id: ")) e.id = line.slice(4);
            else if (line.startsWith("event: ")) e.event = line.slice(7);
            else if (line.startsWith("data: ")) {
              e.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) client.events.push(e);
        }
      }
    } catch {
      // aborted
    }
  })();
  return client;
}
