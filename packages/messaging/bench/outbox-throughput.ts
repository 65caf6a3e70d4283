/**
 * Outbox → relay → RabbitMQ → consumer (inbox + effect) end-to-end benchmark. Not a test.
 *
 *   pnpm --filter @preprint/messaging bench            # defaults below
 *   N=50000 RELAY_BATCH=500 RELAY_CONCURRENCY=4 PREFETCH=300 pnpm --filter @preprint/messaging bench
 *
 * Phase 1 (throughput): a producer inserts N events in transactions of INSERT_BATCH rows while
 * one relay publishes them and one consumer applies each in its own transaction (inbox row +
 * effect row). events/s = N / (last effect committed − first insert started).
 * Phase 2 (latency): LATENCY_RATE events/s for LATENCY_SECONDS, one event per transaction;
 * latency = effect committed − producer commit returned, p50/p99.
 */
import { cpus } from "node:os";
import * as amqp from "amqplib";
import { Pool } from "pg";
import { createEvent } from "@preprint/contracts";
import { AMQP_URL, createTestDatabase, uniqueName } from "@preprint/test-support";
import {
  Consumer,
  deleteConsumerTopology,
  enqueueEvents,
  handleOncePg,
  MessagingConnection,
  messagingSchemaSql,
  OutboxRelay,
  Publisher,
  silentLogger,
} from "../src";

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const N = env("N", 20_000);
const INSERT_BATCH = env("INSERT_BATCH", 500);
const RELAY_BATCH = env("RELAY_BATCH", 500);
const RELAY_CONCURRENCY = env("RELAY_CONCURRENCY", 4);
const PREFETCH = env("PREFETCH", 300);
const CONSUMER_POOL = env("CONSUMER_POOL", 40);
const LATENCY_RATE = env("LATENCY_RATE", 50);
const LATENCY_SECONDS = env("LATENCY_SECONDS", 10);
/** EFFECT=none: the consumer only counts (isolates relay + broker from the consumer's DB work). */
const EFFECT = process.env.EFFECT ?? "inbox";

let seq = 0;
function event() {
  seq++;
  return createEvent(
    "payment.approved",
    {
      paymentId: `pay${seq}`,
      reservationId: `rsv_${seq}`,
      customerId: `cus_${seq % 97}`,
      amount: 4_500 + (seq % 13) * 100,
      currency: "KRW",
      method: "CARD",
      approvedAt: new Date().toISOString(),
    },
    { source: "payment" },
  );
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const db = await createTestDatabase("bench_outbox");
  const producerPool = new Pool({ connectionString: db.url, max: 4 });
  const relayPool = new Pool({ connectionString: db.url, max: RELAY_CONCURRENCY + 2 });
  const consumerPool = new Pool({ connectionString: db.url, max: CONSUMER_POOL });
  await producerPool.query(messagingSchemaSql());
  await producerPool.query("CREATE TABLE effects (event_id text PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");

  const exchange = uniqueName("bench_ex");
  const conn = await new MessagingConnection({ url: AMQP_URL, exchange, queuePrefix: `${exchange}.`, logger: silentLogger }).connect();
  const relayConn = await new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger }).connect();

  const applied = new Map<string, number>(); // event id → effect committed (performance.now)
  let duplicates = 0;
  let waiter: { count: number; resolve: () => void } | undefined;
  const consumer = new Consumer(conn, {
    service: "bench",
    prefetch: PREFETCH,
    handlers: {
      "payment.approved": async (e) => {
        if (EFFECT === "none") {
          if (!applied.has(e.id)) applied.set(e.id, performance.now());
          if (waiter && applied.size >= waiter.count) waiter.resolve();
          return;
        }
        const r = await handleOncePg(consumerPool, "bench", e.id, (c) => c.query("INSERT INTO effects (event_id) VALUES ($1)", [e.id]));
        if (r.duplicate) duplicates++;
        else applied.set(e.id, performance.now());
        if (waiter && applied.size >= waiter.count) waiter.resolve();
      },
    },
  });
  await consumer.start();
  const relay = new OutboxRelay(relayPool, new Publisher(relayConn), {
    batchSize: RELAY_BATCH,
    concurrency: RELAY_CONCURRENCY,
    logger: silentLogger,
  });
  await relay.start();
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      waiter = { count, resolve };
      if (applied.size >= count) resolve();
    });

  // warm-up (JIT, connections)
  {
    const c = await producerPool.connect();
    await c.query("BEGIN");
    await enqueueEvents(c, Array.from({ length: 200 }, event));
    await c.query("COMMIT");
    c.release();
    await until(200);
  }
  const base = applied.size;

  // Phase 1: throughput
  const t0 = performance.now();
  let insertedAt = 0;
  const producer = (async () => {
    for (let i = 0; i < N; i += INSERT_BATCH) {
      const c = await producerPool.connect();
      try {
        await c.query("BEGIN");
        await enqueueEvents(c, Array.from({ length: Math.min(INSERT_BATCH, N - i) }, event));
        await c.query("COMMIT");
      } finally {
        c.release();
      }
    }
    insertedAt = performance.now();
  })();
  await producer;
  await until(base + N);
  const t1 = performance.now();
  const seconds = (t1 - t0) / 1000;
  const throughput = N / seconds;

  // Phase 2: latency at a steady rate
  const latencies: number[] = [];
  const committed = new Map<string, number>();
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const startCount = applied.size;
  const lt0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = lt0 + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const e = event();
    sends.push(
      (async () => {
        const c = await producerPool.connect();
        try {
          await c.query("BEGIN");
          await enqueueEvents(c, [e]);
          await c.query("COMMIT");
          committed.set(e.id, performance.now());
        } finally {
          c.release();
        }
      })(),
    );
  }
  await Promise.all(sends);
  await until(startCount + total);
  for (const [id, at] of committed) latencies.push(applied.get(id)! - at);
  latencies.sort((a, b) => a - b);

  const { rows } = await producerPool.query("SELECT count(*)::int AS n FROM effects");
  const result = {
    machine: { cpus: cpus().length, node: process.version },
    config: { EFFECT, N, INSERT_BATCH, RELAY_BATCH, RELAY_CONCURRENCY, PREFETCH, CONSUMER_POOL },
    throughput: {
      events: N,
      seconds: Number(seconds.toFixed(2)),
      endToEndEventsPerSecond: Math.round(throughput),
      insertOnlyEventsPerSecond: Math.round(N / ((insertedAt - t0) / 1000)),
      relayBatches: relay.stats.batches,
      duplicatesSeenByInbox: duplicates,
    },
    latency: {
      rate: LATENCY_RATE,
      events: total,
      p50ms: Number(pct(latencies, 50).toFixed(1)),
      p99ms: Number(pct(latencies, 99).toFixed(1)),
      maxms: Number(latencies.at(-1)!.toFixed(1)),
    },
    effectsRows: rows[0].n,
  };
  console.log(JSON.stringify(result, null, 2));

  await relay.stop();
  await consumer.stop();
  await conn.close();
  await relayConn.close();
  await Promise.all([producerPool.end(), relayPool.end(), consumerPool.end()]);
  const admin = await amqp.connect(AMQP_URL);
  const ch = await admin.createChannel();
  await deleteConsumerTopology(ch, consumer.queue);
  await ch.deleteExchange(exchange);
  await admin.close();
  await db.drop();
  if (EFFECT !== "none" && rows[0].n !== base + N + total) throw new Error(`expected ${base + N + total} effects, found ${rows[0].n}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
