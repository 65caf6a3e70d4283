import { claimInbox, pruneInbox } from "@preprint/messaging";
import { createLogger, deleteOlderThan } from "@preprint/service-kit";
import { tableRetentionJob } from "../src/jobs/table-retention";
import { call, createStore, customer, pdf, seoulDate, slotAt, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
let storeId: string;

beforeAll(async () => {
  h = await startHarness("rsv_idem_ret");
  storeId = await createStore(h.prisma, { capacityPages: 50 });
});
afterAll(async () => {
  await h?.close();
});

async function reservationBody(token: string, hhmm: string) {
  const res = await upload(h.url, token, await pdf(1), "문서.pdf");
  expect(res.status).toBe(201);
  return {
    storeId,
    slotId: slotAt(storeId, seoulDate(6), hhmm),
    items: [{ uploadId: res.body.id, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
  };
}

describe("an idempotent POST and its stored answer", () => {
  test("when storing the answer fails once after the handler's work, then a retry with the same key creates nothing twice", async () => {
    // the key store fails exactly once (a sequence is not rolled back with the failing transaction)
    await h.prisma.$executeRawUnsafe(`CREATE SEQUENCE store_failures`);
    await h.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_store_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.state = 'COMPLETED' AND nextval('store_failures') = 1 THEN RAISE EXCEPTION 'idempotency store unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await h.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_store_once BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION fail_store_once()`,
    );
    try {
      const c = await customer();
      const body = await reservationBody(c.token, "09:00");
      const first = await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "store-fails" } });
      expect(first.status).toBe(500);
      // the client retries once any claim the failed request left behind has run out (a crashed process's case)
      await h.prisma.$executeRawUnsafe(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = 'store-fails'`);
      const retry = await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "store-fails" } });
      expect(retry.status).toBe(201);
      const replay = await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "store-fails" } });
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(retry.body);
      expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(1);
    } finally {
      await h.prisma.$executeRawUnsafe(`DROP TRIGGER fail_store_once ON idempotency_keys`);
      await h.prisma.$executeRawUnsafe(`DROP FUNCTION fail_store_once`);
      await h.prisma.$executeRawUnsafe(`DROP SEQUENCE store_failures`);
    }
  });

  test("when a cancel is retried with the same key, then the answer stored with the cancellation is replayed", async () => {
    const c = await customer();
    const created = await call(h.url, "POST", "/reservations", { token: c.token, body: await reservationBody(c.token, "09:30") });
    expect(created.status).toBe(201);
    const path = `/reservations/${created.body.id}/cancel`;
    const first = await call(h.url, "POST", path, {
      token: c.token,
      body: { reason: "일정 변경" },
      headers: { "idempotency-key": "cancel-1" },
    });
    expect(first.status).toBe(200);
    const row = await h.prisma.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId: c.sub, key: "cancel-1" } } });
    expect(row.state).toBe("COMPLETED");
    expect(JSON.parse(row.responseBody!)).toEqual(first.body);
    const again = await call(h.url, "POST", path, {
      token: c.token,
      body: { reason: "일정 변경" },
      headers: { "idempotency-key": "cancel-1" },
    });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
  });
});

describe("retention of idempotency keys and inbox rows", () => {
  const logger = createLogger("retention-test", "silent");
  const job = () => tableRetentionJob(h.prisma, h.prisma, { idempotencyKeyHours: 24, inboxDays: 30, intervalMs: 3_600_000 }, logger);

  test("when the job runs, then rows past their period are deleted, recent ones are kept and still dedupe", async () => {
    const c = await customer();
    const oldBody = await reservationBody(c.token, "10:00");
    const newBody = await reservationBody(c.token, "10:30");
    expect(
      (await call(h.url, "POST", "/reservations", { token: c.token, body: oldBody, headers: { "idempotency-key": "old-key" } })).status,
    ).toBe(201);
    const recent = await call(h.url, "POST", "/reservations", { token: c.token, body: newBody, headers: { "idempotency-key": "new-key" } });
    expect(recent.status).toBe(201);
    await h.prisma.$executeRawUnsafe(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-key'`);
    await h.prisma.$executeRawUnsafe(
      `INSERT INTO inbox_events (consumer, event_id, received_at) VALUES ('reservation', 'evt-old', now() - interval '31 days'), ('reservation', 'evt-new', now() - interval '29 days')`,
    );

    const deleted = await job().run(new AbortController().signal);
    expect(deleted).toEqual({ idempotency_keys: 1, inbox_events: 1 });

    const keys = await h.prisma.idempotencyKey.findMany({ where: { userId: c.sub }, select: { key: true } });
    expect(keys.map((k) => k.key)).toEqual(["new-key"]);
    const replay = await call(h.url, "POST", "/reservations", { token: c.token, body: newBody, headers: { "idempotency-key": "new-key" } });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(recent.body);
    expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(2);

    const inbox = await h.prisma.$queryRawUnsafe<{ event_id: string }[]>(`SELECT event_id FROM inbox_events WHERE event_id LIKE 'evt-%'`);
    expect(inbox.map((r) => r.event_id)).toEqual(["evt-new"]);
    // an event redelivered inside the period is still recognised as a duplicate
    expect(await claimInbox(h.prisma, "reservation", "evt-new")).toBe(false);
  });

  test("when two replicas delete the same backlog at once, then every old row goes exactly once and neither fails", async () => {
    await h.prisma.$executeRawUnsafe(
      `INSERT INTO inbox_events (consumer, event_id, received_at) SELECT 'bulk', 'bulk-' || g, now() - interval '40 days' FROM generate_series(1, 3000) g`,
    );
    const olderThan = new Date(Date.now() - 35 * 86_400_000);
    const [a, b] = await Promise.all([
      deleteOlderThan(h.prisma, { table: "inbox_events", column: "received_at", olderThan, batch: 200 }),
      deleteOlderThan(h.prisma, { table: "inbox_events", column: "received_at", olderThan, batch: 200 }),
    ]);
    expect(a + b).toBe(3000);
    expect(await h.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM inbox_events WHERE consumer = 'bulk'`)).toEqual([
      { n: 0n },
    ]);
  });

  test("when two replicas prune the inbox at once, then every old row goes exactly once and the recent ones stay", async () => {
    await h.prisma.$executeRawUnsafe(
      `INSERT INTO inbox_events (consumer, event_id, received_at) SELECT 'bulk2', 'old-' || g, now() - interval '40 days' FROM generate_series(1, 2000) g
       UNION ALL SELECT 'bulk2', 'new-' || g, now() - interval '1 day' FROM generate_series(1, 50) g`,
    );
    const opts = { olderThanMs: 35 * 86_400_000, batchSize: 150 };
    const [a, b] = await Promise.all([pruneInbox(h.prisma, opts), pruneInbox(h.prisma, opts)]);
    expect(a + b).toBe(2000);
    expect(await h.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM inbox_events WHERE consumer = 'bulk2'`)).toEqual([
      { n: 50n },
    ]);
  });
});
