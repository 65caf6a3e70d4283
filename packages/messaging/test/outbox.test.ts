import { Client, Pool } from "pg";
import { EventValidationError, type AnyEvent } from "@preprint/contracts";
import { TcpProxy } from "@preprint/test-support";
import { claimInbox, enqueueEvent, enqueueEvents, handleOncePg, OutboxRelay, Publisher, type RawSqlExecutor } from "../src";
import { AMQP_URL, countEffects, Harness, paymentApproved, sleep, waitFor } from "./harness";

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(() => h.dispose());

/** A consumer whose effect is an `effects` row written once per event through the inbox. */
function effectConsumer(conn: ReturnType<Harness["connection"]>, pool: Pool, deliveries: string[] = []) {
  return h.consumer(conn, {
    service: "billing",
    handlers: {
      "payment.approved": async (event) => {
        deliveries.push(event.id);
        await handleOncePg(pool, "billing", event.id, (c) =>
          c.query("INSERT INTO effects (event_id, consumer) VALUES ($1, 'billing')", [event.id]),
        );
      },
    },
  });
}

async function commit(pool: Pool, events: AnyEvent[]) {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await enqueueEvents(c, events);
    await c.query("COMMIT");
  } finally {
    c.release();
  }
}

describe("outbox → relay → consumer", () => {
  it("when an event is written to the outbox in a committed transaction, then the consumer's effect happens exactly once", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    await effectConsumer(conn, pool).start();
    const relay = h.relay(pool, new Publisher(conn));
    await relay.start();

    const event = paymentApproved();
    await commit(pool, [event]);

    await waitFor(async () => (await countEffects(pool, event.id)) === 1, { description: "effect applied" });
    const { rows } = await pool.query("SELECT status, attempts, sent_at FROM outbox_events WHERE id = $1", [event.id]);
    expect(rows[0]).toMatchObject({ status: "SENT", attempts: 1 });
    expect(rows[0].sent_at).toBeInstanceOf(Date);
    await sleep(200);
    expect(await countEffects(pool, event.id)).toBe(1);
  });

  it("when the broker connection dies between commit and publish, then the event is published once it is back and applied exactly once", async () => {
    const { pool } = await h.database();
    const proxy = await h.proxy();
    const conn = await h.connection({ url: proxy.rewriteUrl(AMQP_URL) }).connect();
    const deliveries: string[] = [];
    await effectConsumer(conn, pool, deliveries).start();
    const relay = h.relay(pool, new Publisher(conn), { pollIntervalMs: 50 });
    await relay.start();

    proxy.cut();
    await waitFor(() => !conn.isReady(), { description: "connection noticed the cut" });
    const event = paymentApproved();
    await commit(pool, [event]);
    await sleep(400);
    // nothing can be published, and the outage must not burn publish attempts
    const pending = await pool.query("SELECT status, attempts FROM outbox_events WHERE id = $1", [event.id]);
    expect(pending.rows[0]).toEqual({ status: "PENDING", attempts: 0 });
    expect(await countEffects(pool, event.id)).toBe(0);

    proxy.restore();
    await waitFor(async () => (await countEffects(pool, event.id)) === 1, { timeoutMs: 10_000, description: "effect after reconnect" });
    expect(conn.isReady()).toBe(true);
    expect(proxy.connectionsAccepted).toBeGreaterThanOrEqual(2);
    await sleep(300);
    expect(await countEffects(pool, event.id)).toBe(1);
    const sent = await pool.query("SELECT status FROM outbox_events WHERE id = $1", [event.id]);
    expect(sent.rows[0].status).toBe("SENT");
  });

  it("when the transaction rolls back, then nothing is published", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    const deliveries: string[] = [];
    await effectConsumer(conn, pool, deliveries).start();
    await h.relay(pool, new Publisher(conn), { pollIntervalMs: 50 }).start();

    const rolledBack = paymentApproved();
    const c = await pool.connect();
    await c.query("BEGIN");
    await enqueueEvent(c, rolledBack);
    await c.query("ROLLBACK");
    c.release();
    // a later committed event proves the pipeline was running while the rolled-back one was not sent
    const marker = paymentApproved();
    await commit(pool, [marker]);

    await waitFor(async () => (await countEffects(pool, marker.id)) === 1);
    await sleep(200);
    expect(deliveries).toEqual([marker.id]);
    const { rows } = await pool.query("SELECT id FROM outbox_events");
    expect(rows.map((r) => r.id)).toEqual([marker.id]);
  });

  it("when an event fails its schema, then enqueueEvent throws naming the field and writes nothing", async () => {
    const { pool } = await h.database();
    const bad = { ...paymentApproved(), data: { ...paymentApproved().data, amount: 12.5 } };
    const err = await enqueueEvent(pool, bad as AnyEvent).catch((e) => e);
    expect(err).toBeInstanceOf(EventValidationError);
    expect(err.message).toContain("data.amount");
    expect((await pool.query("SELECT count(*)::int AS n FROM outbox_events")).rows[0].n).toBe(0);
  });

  it("when given a Prisma-style $executeRawUnsafe transaction, then enqueueEvent and claimInbox run through it", async () => {
    const { pool } = await h.database();
    const c = await pool.connect();
    // the structural type a Prisma interactive-transaction client satisfies, backed by real PG
    const calls: string[] = [];
    const tx: RawSqlExecutor = {
      $executeRawUnsafe: async (sql, ...values) => {
        calls.push(sql);
        return (await c.query(sql, values)).rowCount ?? 0;
      },
    };
    const event = paymentApproved();
    await c.query("BEGIN");
    await enqueueEvent(tx, event);
    expect(await claimInbox(tx, "billing", event.id)).toBe(true);
    expect(await claimInbox(tx, "billing", event.id)).toBe(false);
    expect(await claimInbox(tx, "other-consumer", event.id)).toBe(true);
    await c.query("COMMIT");
    c.release();
    expect(calls).toHaveLength(4);
    const { rows } = await pool.query("SELECT type, payload, status FROM outbox_events");
    expect(rows).toEqual([{ type: "payment.approved", payload: event, status: "PENDING" }]);
  });
});

describe("pooled transactions", () => {
  it("when the database connection drops while a transaction holds a pooled client, then the transaction fails and the process does not crash", async () => {
    const { db } = await h.database();
    const pgProxy = new TcpProxy({ targetHost: new URL(db.url).hostname, targetPort: Number(new URL(db.url).port || 5432) });
    await pgProxy.start();
    const pool = new Pool({ connectionString: pgProxy.rewriteUrl(db.url), max: 2 });
    pool.on("error", () => undefined); // what a service does for idle clients
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      // between two statements of the transaction (no query in flight) the connection is reset
      const attempt = handleOncePg(pool, "billing", paymentApproved().id, async () => {
        pgProxy.cut();
        await sleep(300);
      });
      await expect(attempt).rejects.toThrow();
      await sleep(100);
      expect(uncaught).toEqual([]);
      pgProxy.restore();
      expect((await pool.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await pool.end().catch(() => undefined);
      await pgProxy.close();
    }
  });
});

describe("OutboxRelay", () => {
  it("when two relays run at once, then each row is published exactly once", async () => {
    const { pool } = await h.database();
    const consumerConn = await h.connection().connect();
    const seen = new Map<string, number>();
    await h
      .consumer(consumerConn, {
        service: "counter",
        prefetch: 200,
        handlers: { "payment.approved": (e) => void seen.set(e.id, (seen.get(e.id) ?? 0) + 1) },
      })
      .start();
    const events = Array.from({ length: 600 }, () => paymentApproved());
    for (let i = 0; i < events.length; i += 100) await commit(pool, events.slice(i, i + 100));

    const a = h.relay(pool, new Publisher(await h.connection().connect()), { batchSize: 20, concurrency: 2 });
    const b = h.relay(pool, new Publisher(await h.connection().connect()), { batchSize: 20, concurrency: 2 });
    await Promise.all([a.start(), b.start()]);

    await waitFor(() => seen.size === events.length, { timeoutMs: 15_000, description: "all events consumed" });
    await sleep(300);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats.published + b.stats.published).toBe(events.length);
    expect(a.stats.published).toBeGreaterThan(0);
    expect(b.stats.published).toBeGreaterThan(0);
    const { rows } = await pool.query("SELECT status, attempts, count(*)::int AS n FROM outbox_events GROUP BY 1, 2");
    expect(rows).toEqual([{ status: "SENT", attempts: 1, n: events.length }]);
  });

  it("when the LISTEN connection dies after the relay stopped, then nothing throws (released once, listeners gone)", async () => {
    const { db, pool } = await h.database();
    const relay = h.relay(pool, new Publisher(await h.connection().connect()));
    // its own connection, not the pool's: the pool may hand the released LISTEN client to anyone
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on("uncaughtException", onUncaught);
    try {
      await relay.start();
      const { rows: listening } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
      );
      expect(listening).toHaveLength(1);
      await relay.stop();
      // the released LISTEN connection now idles in the pool; the server ends it
      const { rows } = await admin.query<{ query: string; ended: boolean }>(
        "SELECT query, pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE pid = $1",
        [listening[0]!.pid],
      );
      expect(rows).toEqual([{ query: "UNLISTEN preprint_outbox", ended: true }]);
      await sleep(200);
      expect(uncaught).toEqual([]);
      expect((await pool.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await admin.end();
    }
  });

  it("when stop() is called while the prune is blocked, then it waits for the prune: once stop() resolves the relay runs no query (the pool can be ended)", async () => {
    const { pool } = await h.database();
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      error: (_o: object, m?: string) => void warnings.push(m ?? ""),
      warn: (_o: object, m?: string) => void warnings.push(m ?? ""),
    };
    // SHARE blocks the prune's DELETE but not the batch's SELECT … FOR UPDATE SKIP LOCKED
    const locker = await pool.connect();
    let locked = true;
    const unlock = async () => {
      if (!locked) return;
      locked = false;
      await locker.query("COMMIT");
      locker.release();
    };
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE outbox_events IN SHARE MODE");
      const relay = h.relay(pool, new Publisher(await h.connection().connect()), { logger });
      await relay.start();
      await waitFor(
        async () => {
          // not on `locker`: inside its transaction pg_stat_activity is a snapshot that never changes
          const { rows } = await pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'DELETE FROM outbox_events%' AND wait_event_type = 'Lock'",
          );
          return rows[0]!.n === 1;
        },
        { description: "prune waiting for the lock" },
      );
      let stopped = false;
      const stopping = relay.stop().then(() => (stopped = true));
      await sleep(300);
      expect(stopped).toBe(false);
      await unlock();
      await stopping;
      await pool.end();
      await sleep(200);
      expect(warnings).toEqual([]);
    } finally {
      await unlock().catch(() => undefined);
    }
  });

  it("when an option that goes into SQL text is not plain, then the relay is refused at construction", async () => {
    const { pool } = await h.database();
    const publisher = new Publisher(h.connection());
    expect(() => new OutboxRelay(pool, publisher, { batchSize: 1.5 })).toThrow("invalid batch size 1.5");
    expect(() => new OutboxRelay(pool, publisher, { batchSize: 0 })).toThrow("invalid batch size 0");
    expect(() => new OutboxRelay(pool, publisher, { notifyChannel: "outbox; DROP TABLE outbox_events" })).toThrow("invalid notify channel");
  });

  it("when a publish is not confirmed, then the row records the attempt and error and is retried after the back-off", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    const deliveries: string[] = [];
    await effectConsumer(conn, pool, deliveries).start();
    const relay = h.relay(pool, new Publisher(conn), { pollIntervalMs: 50, retryInitialDelayMs: 700 });
    await relay.start();

    // someone deletes the exchange under the running service: the next publish is refused (404)
    const ch = await h.rawChannel();
    await ch.deleteExchange(h.exchange);
    const event = paymentApproved();
    await commit(pool, [event]);

    const failed = await waitFor(
      async () =>
        (await pool.query("SELECT * FROM outbox_events WHERE id = $1 AND attempts = 1 AND status = 'PENDING'", [event.id])).rows[0],
      { description: "failed attempt recorded" },
    );
    expect(failed.last_error).toMatch(/NOT_FOUND|404|closed/i);
    expect(failed.available_at.getTime()).toBeGreaterThan(Date.now() + 200);
    // the connection recycles, re-declares the exchange and the consumer's bindings; the retry succeeds
    await waitFor(async () => (await countEffects(pool, event.id)) === 1, { timeoutMs: 5_000 });
    const { rows } = await pool.query("SELECT status, attempts FROM outbox_events WHERE id = $1", [event.id]);
    expect(rows[0]).toEqual({ status: "SENT", attempts: 2 });
  });

  it("when sent rows are older than the retention period, then prune deletes them and keeps the rest", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    const relay = h.relay(pool, new Publisher(conn), { retentionMs: 60_000 });
    const [oldSent, newSent, pending] = [paymentApproved(), paymentApproved(), paymentApproved()];
    await commit(pool, [oldSent, newSent, pending]);
    await pool.query("UPDATE outbox_events SET status = 'SENT', sent_at = now() - interval '2 minutes' WHERE id = $1", [oldSent.id]);
    await pool.query("UPDATE outbox_events SET status = 'SENT', sent_at = now() WHERE id = $1", [newSent.id]);
    expect(await relay.prune()).toBe(1);
    const { rows } = await pool.query("SELECT id FROM outbox_events ORDER BY id");
    expect(rows.map((r) => r.id).sort()).toEqual([newSent.id, pending.id].sort());
  });
});
