import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { createTokenVerifier, signAccessToken } from "@preprint/auth";
import { createEvent, newId, type EventEnvelope, type EventType } from "@preprint/contracts";
import { deleteConsumerTopology, MessagingConnection, Publisher, silentLogger } from "@preprint/messaging";
import { createLogger } from "@preprint/service-kit";
import { createTestDatabase, uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { loadPrintingConfig } from "../src/config";
import { saveStoreRules } from "../src/db/settings";
import type { StorePrintRules } from "../src/domain/print-mode";
import { startPrintingService, type PrintingService } from "../src/service";

export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
export const JWT_SECRET = "printing-test-jwt-signing-key-0123456789abcdef";
export const INTERNAL_SECRET = "printing-test-internal-key-0123456789abcdef";
const APP_DIR = path.resolve(__dirname, "..");
const exec = promisify(execFile);

export const STORE = { id: "sto_gangnam", name: "프리프린트 강남점", timeZone: "Asia/Seoul" };
export const OTHER_STORE = { id: "sto_hongdae", name: "프리프린트 홍대점", timeZone: "Asia/Seoul" };
/** 12:00 in Seoul on 2026-12-07: the tests' clock starts here */
export const NOON = new Date("2026-12-07T03:00:00.000Z");
/** 13:00–13:30 in Seoul the same day */
export const SLOT = { id: "slt_1", startsAt: "2026-12-07T04:00:00.000Z", endsAt: "2026-12-07T04:30:00.000Z" };
export const PDF = Buffer.from("%PDF-1.4\n% a test document\n%%EOF\n");

export interface StubItem {
  id: string;
  fileName: string;
  pages: number;
  copies: number;
  colorMode: string;
  duplex: boolean;
  paperSize: string;
}

/**
 * The reservation service's internal routes printing calls (items, documents), served over real
 * HTTP and checking the service token as apps/reservation/src/http/internal-files.ts does.
 */
export async function reservationStub() {
  const verify = createTokenVerifier(INTERNAL_SECRET);
  const items = new Map<string, StubItem[]>();
  const gone = new Set<string>();
  const documents: { pdf: Buffer } = { pdf: PDF };
  const server = http.createServer((req, res) => {
    try {
      const claims = verify((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (claims.role !== "service") throw new Error("not a service");
    } catch {
      res.writeHead(401).end();
      return;
    }
    const list = /^\/internal\/reservations\/([^/]+)\/items$/.exec(req.url ?? "");
    const doc = /^\/internal\/reservations\/([^/]+)\/items\/([^/]+)\/document$/.exec(req.url ?? "");
    if (list) {
      const found = items.get(decodeURIComponent(list[1]!));
      if (!found) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ reservationId: list[1], items: found }));
      return;
    }
    if (doc) {
      const id = decodeURIComponent(doc[2]!);
      if (gone.has(id)) return void res.writeHead(410).end();
      res.writeHead(200, { "content-type": "application/pdf", "content-length": String(documents.pdf.length) }).end(documents.pdf);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    items,
    gone,
    /** the PDF every document route answers with */
    documents,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Rig {
  db: TestDatabase;
  service: PrintingService;
  base: string;
  clock: { now: Date };
  stub: Awaited<ReturnType<typeof reservationStub>>;
  publish<T extends EventType>(event: EventEnvelope<T>): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRig(env: Record<string, string> = {}): Promise<Rig> {
  const db = await createTestDatabase("printing");
  await exec(path.join(APP_DIR, "node_modules/.bin/prisma-wasm-migrate"), ["deploy"], {
    cwd: APP_DIR,
    env: { ...process.env, DATABASE_URL: db.url },
  });
  const stub = await reservationStub();
  const exchange = uniqueName("prt_ex");
  const queuePrefix = `${uniqueName("prt")}.`;
  const config = loadPrintingConfig(
    {
      NODE_ENV: "test",
      PORT: "0",
      PRINTING_DATABASE_URL: db.url,
      AMQP_URL,
      EVENTS_EXCHANGE: exchange,
      QUEUE_PREFIX: queuePrefix,
      JWT_SECRET,
      INTERNAL_JWT_SECRET: INTERNAL_SECRET,
      RESERVATION_URL: stub.url,
      PICKUP_CODE_SECRET: "printing-test-pickup-code-key-0123456789abcdef",
      LONG_POLL_RECHECK_MS: "200",
      DISPATCH_INTERVAL_MS: "3600000",
      PURGE_INTERVAL_MS: "3600000",
      ...env,
    } as NodeJS.ProcessEnv,
    { exitOnError: false },
  );
  const clock = { now: new Date(NOON) };
  const logger = createLogger("printing-test", process.env.TEST_LOG_LEVEL ?? "silent");
  const service = await startPrintingService(config, { logger, retryDelaysMs: [100, 200], maxAttempts: 3, now: () => new Date(clock.now) });
  await service.messaging.connection.waitUntilReady(10_000);
  const pubConn = new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger });
  await pubConn.connect();
  const publisher = new Publisher(pubConn);
  return {
    db,
    service,
    base: service.url,
    clock,
    stub,
    publish: async (event) => {
      await publisher.publish(event);
    },
    async dispose() {
      await service.stop("test done");
      const ch = await pubConn.createChannel();
      await deleteConsumerTopology(ch, `${queuePrefix}printing`, [100, 200]).catch(() => undefined);
      await ch.deleteExchange(exchange).catch(() => undefined);
      await pubConn.close();
      await stub.close();
      await db.drop();
    },
  };
}

// ---- tokens and calls ----

export const staffToken = (storeId: string, sub = "stf_1") => signAccessToken({ sub, role: "staff", storeId }, JWT_SECRET);
export const customerToken = (sub = "usr_1") => signAccessToken({ sub, role: "customer" }, JWT_SECRET);

export async function call(rig: Rig, method: string, p: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetch(rig.base + p, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

export async function registerDevice(
  rig: Rig,
  kind: "KIOSK" | "PRINT_AGENT",
  storeId = STORE.id,
): Promise<{ deviceId: string; token: string }> {
  const res = await call(rig, "POST", `/api/admin/stores/${storeId}/devices`, {
    token: await staffToken(storeId),
    body: { kind, name: `${kind} 1` },
  });
  if (res.status !== 201) throw new Error(`device not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function setRules(rig: Rig, storeId: string, rules: Partial<StorePrintRules>): Promise<void> {
  await saveStoreRules(rig.service.prisma, storeId, rules);
}

// ---- a paid reservation, as the reservation service publishes it ----

export function item(overrides: Partial<StubItem> = {}): StubItem {
  return {
    id: newId("itm"),
    fileName: "thesis-final.pdf",
    pages: 12,
    copies: 2,
    colorMode: "MONO",
    duplex: true,
    paperSize: "A4",
    ...overrides,
  };
}

export async function confirmedReservation(
  rig: Rig,
  o: { store?: typeof STORE; items?: StubItem[]; pickupCode?: string; slot?: typeof SLOT; customerName?: string } = {},
) {
  const reservationId = newId("rsv");
  const items = o.items ?? [item()];
  rig.stub.items.set(reservationId, items);
  const event = createEvent(
    "reservation.confirmed",
    {
      reservationId,
      paymentId: newId("pay", false),
      customer: { id: newId("usr"), name: o.customerName ?? "김민지", email: "minji@example.com" },
      store: o.store ?? STORE,
      slot: o.slot ?? SLOT,
      totalAmount: 12_300,
      currency: "KRW",
      pickupCode: o.pickupCode ?? "048213",
    },
    { source: "reservation" },
  );
  await rig.publish(event);
  await waitFor(async () => (await rig.service.prisma.printJob.count({ where: { reservationId } })) === items.length, {
    description: "print jobs created",
    timeoutMs: 10_000,
  });
  return { reservationId, items, event };
}

export const outbox = (rig: Rig, type: string) =>
  rig.service.prisma.outboxEvent
    .findMany({ where: { type }, orderBy: { createdAt: "asc" } })
    .then((rows) => rows.map((r) => (r.payload as { data: any }).data));

export const jobsOf = (rig: Rig, reservationId: string) =>
  // one transaction makes a reservation's jobs, so they share createdAt: the file name breaks the tie
  rig.service.prisma.printJob.findMany({ where: { reservationId }, orderBy: [{ createdAt: "asc" }, { fileName: "asc" }] });
