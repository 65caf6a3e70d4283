import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { Pool } from "pg";
import { createTestDatabase } from "@preprint/test-support";
import { median, percentile, round, sleep } from "./stats";

export interface BarePipelineResult {
  description: string;
  /** confirmed rows per second during the measured window (the pipeline's bound) */
  perSec: number;
  /** publish → row updated by the consumer, ms */
  latencyMs: { p50: number; p99: number };
  runs: number[];
}

/**
 * The floor our booking pipeline is compared with: the same moves without any of our code.
 * Producers: INSERT a PENDING row, publish a persistent message on a confirm channel and await the
 * confirm. Consumer (its own connection and pool, prefetch 20 like @preprint/messaging): UPDATE the
 * row to CONFIRMED where still PENDING, then ack. A throwaway database, exchange and queue.
 */
export async function barePipeline(o: { amqpUrl: string; producers: number; seconds: number; rounds: number; log: (m: string) => void }): Promise<BarePipelineResult> {
  const db = await createTestDatabase("bench_pipe");
  const tag = `bench.pipe.${randomUUID().slice(0, 8)}`;
  const prodPool = new Pool({ connectionString: db.url, max: 10 });
  const consPool = new Pool({ connectionString: db.url, max: 10 });
  const pubConn = await amqp.connect(o.amqpUrl);
  const subConn = await amqp.connect(o.amqpUrl);
  try {
    await prodPool.query(
      "CREATE TABLE rsv (id uuid PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), confirmed_at timestamptz)",
    );
    const pub = await pubConn.createConfirmChannel();
    await pub.assertExchange(tag, "topic", { durable: true });
    const sub = await subConn.createChannel();
    await sub.assertQueue(tag, { durable: true });
    await sub.bindQueue(tag, tag, "reservation.#");
    await sub.prefetch(20);
    let confirmed = 0;
    const latencies: number[] = [];
    let measuring = false;
    await sub.consume(tag, (msg) => {
      if (!msg) return;
      const { id, t } = JSON.parse(msg.content.toString()) as { id: string; t: number };
      consPool
        .query("UPDATE rsv SET status = 'CONFIRMED', confirmed_at = now() WHERE id = $1 AND status = 'PENDING'", [id])
        .then(() => {
          sub.ack(msg);
          confirmed++;
          if (measuring) latencies.push(Date.now() - t);
        })
        .catch(() => sub.nack(msg));
    });

    let stop = false;
    const producer = async () => {
      while (!stop) {
        const id = randomUUID();
        await prodPool.query("INSERT INTO rsv (id, status) VALUES ($1, 'PENDING')", [id]);
        await new Promise<void>((resolve, reject) =>
          pub.publish(tag, "reservation.created", Buffer.from(JSON.stringify({ id, t: Date.now() })), { persistent: true, contentType: "application/json" }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      }
    };
    const producers = Array.from({ length: o.producers }, producer);
    await sleep(1000); // warm-up
    const runs: number[] = [];
    measuring = true;
    for (let r = 0; r < o.rounds; r++) {
      const c0 = confirmed;
      const t0 = performance.now();
      await sleep(o.seconds * 1000);
      const rate = (confirmed - c0) / ((performance.now() - t0) / 1000);
      runs.push(rate);
      o.log(`bare pg + amqplib pipeline round ${r + 1}/${o.rounds}: ${Math.round(rate)} confirmed/s`);
    }
    stop = true;
    await Promise.all(producers);
    await sub.deleteQueue(tag).catch(() => undefined);
    await pub.deleteExchange(tag).catch(() => undefined);
    return {
      description: `${o.producers} producers: INSERT → publish (persistent, confirm awaited) | consumer prefetch 20: UPDATE … WHERE status='PENDING' → ack`,
      perSec: round(median(runs)),
      latencyMs: { p50: round(median(latencies), 1), p99: round(percentile(latencies, 99), 1) },
      runs: runs.map((x) => round(x)),
    };
  } finally {
    await pubConn.close().catch(() => undefined);
    await subConn.close().catch(() => undefined);
    await prodPool.end();
    await consPool.end();
    await db.drop().catch(() => undefined);
  }
}
