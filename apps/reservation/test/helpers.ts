import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as amqp from "amqplib";
import { signAccessToken } from "@preprint/auth";
import { createEvent, type EventData, type EventType } from "@preprint/contracts";
import { deleteConsumerTopology, MessagingConnection, Publisher, silentLogger } from "@preprint/messaging";
import { createLogger } from "@preprint/service-kit";
import { AMQP_URL, Api, createMigratedDatabase, makePdf, uniqueName, type Res, type TestDatabase } from "@preprint/test-support";
import { loadReservationConfig } from "../src/config";
import type { Ctx } from "../src/context";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { startReservationService, type ReservationService } from "../src/service";
import { LocalStorage } from "../src/storage/storage";

export { AMQP_URL, seoulDate, type Res } from "@preprint/test-support";

export const JWT_SECRET = "test-user-secret-0123456789-abcdefghij";
export const INTERNAL_JWT_SECRET = "test-internal-secret-0123456789-abcdef";
const ROOT = path.resolve(__dirname, "..");

export function migratedDatabase(prefix: string): Promise<TestDatabase> {
  return createMigratedDatabase(ROOT, prefix);
}

export interface Harness {
  db: TestDatabase;
  prisma: PrismaClient;
  service: ReservationService;
  url: string;
  ctx: Ctx;
  storageDir: string;
  clock: { offsetMs: number };
  close(): Promise<void>;
}

export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // a free port, and an exchange and queues of its own: suites run in parallel on one broker
  return {
    NODE_ENV: "test",
    JWT_SECRET,
    INTERNAL_JWT_SECRET,
    PORT: "0",
    EVENTS_EXCHANGE: uniqueName("rsv_ex"),
    QUEUE_PREFIX: `${uniqueName("t")}.`,
    ...extra,
  };
}

/**
 * A migrated database and the service on a free port. Without `broker` its events stay in the
 * outbox (no relay, no consumer); with it they are published and consumed on this harness's own
 * exchange and queues.
 */
export async function startHarness(prefix: string, env: Record<string, string> = {}, opts: { broker?: boolean } = {}): Promise<Harness> {
  const db = await migratedDatabase(prefix);
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "rsv-files-"));
  const config = loadReservationConfig(testEnv({ RESERVATION_DATABASE_URL: db.url, STORAGE_LOCAL_DIR: storageDir, ...env }));
  const prisma = createPrisma(db.url, 10);
  const clock = { offsetMs: 0 };
  const logger = createLogger("reservation-test", process.env.LOG_LEVEL ?? "silent");
  const service = await startReservationService(config, {
    logger,
    now: () => new Date(Date.now() + clock.offsetMs),
    storage: new LocalStorage(storageDir),
    events: opts.broker ?? false,
    retryDelaysMs: [200],
    maxAttempts: 3,
    relayPollMs: 100,
  });
  if (opts.broker) await service.messaging.connection.waitUntilReady(10_000);
  return {
    db,
    prisma,
    service,
    url: service.url,
    ctx: service.ctx,
    storageDir,
    clock,
    async close() {
      const queue = service.messaging.queue;
      await service.stop();
      const conn = await amqp.connect(AMQP_URL);
      const ch = await conn.createChannel();
      if (opts.broker) await deleteConsumerTopology(ch, queue, [200]).catch(() => undefined);
      await ch.deleteExchange(config.EVENTS_EXCHANGE).catch(() => undefined);
      await conn.close();
      await prisma.$disconnect();
      await db.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export const ALWAYS_OPEN = Object.fromEntries(["0", "1", "2", "3", "4", "5", "6"].map((d) => [d, [{ open: "00:00", close: "24:00" }]]));

export async function createStore(
  prisma: PrismaClient,
  opts: {
    id?: string;
    capacityPages?: number;
    leadMinutes?: number;
    slotMinutes?: number;
    openingHours?: object;
    minimumCharge?: number;
  } = {},
) {
  const id = opts.id ?? uniqueName("sto");
  await prisma.store.create({
    data: {
      id,
      name: "프리프린트 테스트점",
      address: "서울특별시 서대문구 연세로 1",
      timeZone: "Asia/Seoul",
      openingHours: (opts.openingHours ?? ALWAYS_OPEN) as object,
      slotMinutes: opts.slotMinutes ?? 30,
      capacityPages: opts.capacityPages ?? 100,
      leadMinutes: opts.leadMinutes ?? 30,
      bookingDays: 14,
      priceTables: {
        create: {
          id: uniqueName("prc"),
          effectiveFrom: new Date("2020-01-01T00:00:00Z"),
          minimumCharge: opts.minimumCharge ?? 0,
          entries: {
            create: [
              { colorMode: "MONO", paperSize: "A4", pricePerPage: 100, pricePerDuplexSheet: 180 },
              { colorMode: "COLOR", paperSize: "A4", pricePerPage: 400, pricePerDuplexSheet: 750 },
              { colorMode: "MONO", paperSize: "A3", pricePerPage: 200, pricePerDuplexSheet: 360 },
            ],
          },
        },
      },
    },
  });
  return id;
}

export interface Who {
  sub: string;
  token: string;
}

export async function customer(name = "김민지"): Promise<Who> {
  const sub = uniqueName("usr");
  return {
    sub,
    token: await signAccessToken({ sub, role: "customer", email: `${sub}@example.com`, name, phone: "010-1234-5678" }, JWT_SECRET),
  };
}

export async function staff(storeId: string): Promise<Who> {
  const sub = uniqueName("stf");
  return { sub, token: await signAccessToken({ sub, role: "staff", storeId, email: `${sub}@example.com`, name: "점원" }, JWT_SECRET) };
}

export async function serviceToken(): Promise<string> {
  return signAccessToken({ sub: "svc:payment", role: "service" }, INTERNAL_JWT_SECRET);
}

/** A valid PDF of `pages` empty pages. */
export async function pdf(pages: number): Promise<Buffer> {
  return makePdf(pages);
}

export function call<T = any>(
  base: string,
  method: string,
  p: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Res<T>> {
  return new Api(base).call<T>(method, p, { ...opts, redirect: "follow" });
}

export function upload(base: string, token: string, bytes: Buffer, fileName = "doc.pdf", type = "application/pdf"): Promise<Res> {
  return new Api(base).upload("/uploads", token, bytes, fileName, type);
}

/** The slot id of `date` `HH:mm` in Asia/Seoul for a store. */
export function slotAt(storeId: string, date: string, hhmm: string): string {
  const utc = new Date(`${date}T${hhmm}:00+09:00`).toISOString();
  return `slt_${storeId}_${utc.slice(0, 4)}${utc.slice(5, 7)}${utc.slice(8, 10)}T${utc.slice(11, 13)}${utc.slice(14, 16)}Z`;
}

export async function outboxTypes(prisma: PrismaClient, reservationId?: string): Promise<string[]> {
  const rows = await prisma.outboxEvent.findMany({ orderBy: { createdAt: "asc" } });
  return rows.filter((r) => !reservationId || (r.payload as any).data.reservationId === reservationId).map((r) => r.type);
}

/** A test-side broker client: publishes real events to the exchange and records everything on it. */
export class BrokerProbe {
  readonly seen: { type: string; body: any }[] = [];
  private conn?: amqp.ChannelModel;
  private msg?: MessagingConnection;
  private publisher?: Publisher;

  constructor(private readonly exchange: string) {}

  async start(): Promise<this> {
    this.msg = new MessagingConnection({ url: AMQP_URL, exchange: this.exchange, logger: silentLogger });
    await this.msg.connect(10_000);
    this.publisher = new Publisher(this.msg);
    this.conn = await amqp.connect(AMQP_URL);
    const ch = await this.conn.createChannel();
    await ch.assertExchange(this.exchange, "topic", { durable: true });
    const q = await ch.assertQueue("", { exclusive: true, autoDelete: true });
    await ch.bindQueue(q.queue, this.exchange, "#");
    await ch.consume(
      q.queue,
      (m) => {
        if (m) this.seen.push({ type: m.fields.routingKey, body: JSON.parse(m.content.toString()) });
      },
      { noAck: true },
    );
    return this;
  }

  async publish<T extends EventType>(type: T, data: EventData<T>, id?: string) {
    const event = createEvent(type, data, { source: "test", id });
    await this.publisher!.publish(event);
    return event;
  }

  of(type: string, reservationId?: string) {
    return this.seen.filter((s) => s.type === type && (!reservationId || s.body.data.reservationId === reservationId));
  }

  async close() {
    await this.conn?.close().catch(() => undefined);
    await this.msg?.close().catch(() => undefined);
  }
}
