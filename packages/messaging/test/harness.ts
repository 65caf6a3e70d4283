import * as amqp from "amqplib";
import { Pool } from "pg";
import { createEvent, type EventEnvelope } from "@preprint/contracts";
import { AMQP_URL, createTestDatabase, TcpProxy, uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import {
  Consumer,
  deleteConsumerTopology,
  MessagingConnection,
  messagingSchemaSql,
  OutboxRelay,
  Publisher,
  silentLogger,
  type ConnectionOptions,
  type ConsumerOptions,
  type OutboxRelayOptions,
} from "../src";

export { AMQP_URL };

let seq = 0;
export function paymentApproved(overrides: Partial<EventEnvelope<"payment.approved">["data"]> = {}) {
  seq++;
  return createEvent(
    "payment.approved",
    {
      paymentId: `pay${seq}`,
      reservationId: `rsv_${seq}`,
      customerId: "cus_1",
      amount: 4_500,
      currency: "KRW",
      method: "CARD",
      approvedAt: new Date().toISOString(),
      ...overrides,
    },
    { source: "payment" },
  );
}

/**
 * Per-test resources: a unique exchange and queue prefix, databases, connections, consumers and
 * proxies, all torn down (queues and exchange deleted, databases dropped) by `dispose()`.
 */
export class Harness {
  readonly exchange = uniqueName("t_ex");
  readonly prefix = `${uniqueName("t")}.`;
  private readonly cleanups: (() => Promise<unknown>)[] = [];
  private readonly queues: { queue: string; delays: readonly number[] }[] = [];

  connection(opts: Partial<ConnectionOptions> = {}): MessagingConnection {
    const conn = new MessagingConnection({
      url: AMQP_URL,
      exchange: this.exchange,
      queuePrefix: this.prefix,
      logger: silentLogger,
      reconnectInitialDelayMs: 20,
      reconnectMaxDelayMs: 300,
      ...opts,
    });
    this.cleanups.push(() => conn.close());
    return conn;
  }

  consumer(conn: MessagingConnection, opts: ConsumerOptions): Consumer {
    const c = new Consumer(conn, { retryDelaysMs: [50], ...opts });
    this.queues.push({ queue: c.queue, delays: opts.retryDelaysMs ?? [50] });
    this.cleanups.push(() => c.stop(2_000));
    return c;
  }

  async proxy(): Promise<TcpProxy> {
    const p = new TcpProxy({ targetPort: Number(new URL(AMQP_URL).port || 5672), targetHost: new URL(AMQP_URL).hostname });
    await p.start();
    this.cleanups.push(() => p.close());
    return p;
  }

  /** A fresh database with the outbox/inbox tables and an `effects` table. */
  async database(): Promise<{ db: TestDatabase; pool: Pool }> {
    const db = await createTestDatabase("msg");
    const pool = new Pool({ connectionString: db.url, max: 12 });
    pool.on("error", () => undefined);
    this.cleanups.push(() => db.drop());
    this.cleanups.push(() => pool.end());
    await pool.query(messagingSchemaSql());
    await pool.query(
      "CREATE TABLE effects (event_id text NOT NULL, consumer text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())",
    );
    return { db, pool };
  }

  relay(pool: Pool, publisher: Publisher, opts: OutboxRelayOptions = {}): OutboxRelay {
    const r = new OutboxRelay(pool, publisher, { logger: silentLogger, pollIntervalMs: 200, ...opts });
    this.cleanups.push(() => r.stop());
    return r;
  }

  /** A plain channel outside the package, to look at queues the way an operator would. */
  async rawChannel(): Promise<amqp.Channel> {
    const conn = await amqp.connect(AMQP_URL);
    conn.on("error", () => undefined);
    this.cleanups.push(() => conn.close().catch(() => undefined));
    const ch = await conn.createChannel();
    ch.on("error", () => undefined);
    return ch;
  }

  async dispose(): Promise<void> {
    for (const fn of this.cleanups.reverse()) await fn().catch(() => undefined);
    const conn = await amqp.connect(AMQP_URL);
    try {
      const ch = await conn.createChannel();
      for (const q of this.queues) await deleteConsumerTopology(ch, q.queue, q.delays);
      await ch.deleteExchange(this.exchange);
    } finally {
      await conn.close();
    }
  }
}

export async function countEffects(pool: Pool, eventId?: string): Promise<number> {
  const { rows } = eventId
    ? await pool.query("SELECT count(*)::int AS n FROM effects WHERE event_id = $1", [eventId])
    : await pool.query("SELECT count(*)::int AS n FROM effects");
  return rows[0].n;
}

export async function queueDepth(ch: amqp.Channel, queue: string): Promise<number> {
  return (await ch.checkQueue(queue)).messageCount;
}

export { waitFor };
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
