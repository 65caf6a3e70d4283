import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { Pool } from "pg";
import { createTestDatabase } from "@preprint/test-support";
import { median, percentile, round, sleep } from "./stats";

export interface BarePipelineResult {
  description: string;
  /** confirmed rows per second during the measured window (the pipeline's bound) */
  perSec: number;
  /** approval committed → reservation CONFIRMED committed by the consumer, ms */
  latencyMs: { p50: number; p99: number };
  runs: number[];
}

/**
 * The floor our booking pipeline is compared with: a booking's database and broker moves, with
 * none of our code (no HTTP, no Prisma, no zod, no OpenTelemetry) — the "bare reserve → publish →
 * consume → confirm" pipeline, ~570/s when first measured (docs/platform-notes.md N9). Two
 * throwaway databases, like the system's reservation and payment databases on the same server; a
 * throwaway exchange and queue.
 *
 * Per booking, a producer runs, one after the other:
 * 1. reserve (reservation DB, one transaction): take the pages on the slot's counter
 *    (`UPDATE slots … WHERE reserved + n <= capacity`), INSERT the reservation, INSERT its audit row;
 * 2. checkout (payment DB): INSERT the payment;
 * 3. approval (payment DB, one transaction): UPDATE the payment to APPROVED, INSERT the outbox row;
 * 4. relay: publish `payment.approved` (persistent, confirm awaited), mark the outbox row published.
 * The consumer (prefetch 20, as @preprint/messaging) runs for each message one transaction in the
 * reservation DB: INSERT the inbox row, UPDATE the reservation to CONFIRMED where still
 * PENDING_PAYMENT, INSERT its audit row and the `reservation.confirmed` outbox row; then acks.
 * Bookings rotate over `slots` slots, as the bench's bookings do.
 *
 * Until 2026-11-26 this floor was one autocommit INSERT, one publish and one autocommit UPDATE
 * (~2,300/s): a third of a booking's commits and no slot counter, so the "≥ 0.5× the floor" target
 * was measured against much less work than a booking is (docs/benchmarks.md).
 */
export async function barePipeline(o: {
  amqpUrl: string;
  producers: number;
  seconds: number;
  rounds: number;
  slots?: number;
  log: (m: string) => void;
}): Promise<BarePipelineResult> {
  const rdb = await createTestDatabase("bench_pipe_rsv");
  const pdb = await createTestDatabase("bench_pipe_pay");
  const tag = `bench.pipe.${randomUUID().slice(0, 8)}`;
  const rsvPool = new Pool({ connectionString: rdb.url, max: 10 });
  const payPool = new Pool({ connectionString: pdb.url, max: 10 });
  const consPool = new Pool({ connectionString: rdb.url, max: 10 });
  const pubConn = await amqp.connect(o.amqpUrl);
  const subConn = await amqp.connect(o.amqpUrl);
  const slots = Array.from({ length: o.slots ?? 24 }, (_, i) => `slot_${i}`);
  // an idle connection cut when the throwaway databases are dropped must not crash the bench
  for (const p of [rsvPool, payPool, consPool]) p.on("error", () => undefined);
  try {
    await rsvPool.query(`
      CREATE TABLE slots (id text PRIMARY KEY, capacity int NOT NULL, reserved int NOT NULL DEFAULT 0);
      CREATE TABLE reservations (id uuid PRIMARY KEY, slot_id text NOT NULL REFERENCES slots(id), pages int NOT NULL, status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE audit_log (id bigserial PRIMARY KEY, reservation_id uuid NOT NULL, from_status text, to_status text NOT NULL, at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE inbox (event_id uuid PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE outbox (id uuid PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
    `);
    await rsvPool.query("INSERT INTO slots (id, capacity) SELECT unnest($1::text[]), 1000000000", [slots]);
    await payPool.query(`
      CREATE TABLE payments (id uuid PRIMARY KEY, reservation_id uuid NOT NULL, amount int NOT NULL, status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), approved_at timestamptz);
      CREATE TABLE outbox (id uuid PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
    `);
    const pub = await pubConn.createConfirmChannel();
    await pub.assertExchange(tag, "topic", { durable: true });
    const sub = await subConn.createChannel();
    await sub.assertQueue(tag, { durable: true });
    await sub.bindQueue(tag, tag, "payment.#");
    await sub.prefetch(20);
    let confirmed = 0;
    const latencies: number[] = [];
    let measuring = false;

    const tx = async (pool: Pool, statements: [string, unknown[]][]): Promise<void> => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        for (const [sql, params] of statements) await c.query(sql, params);
        await c.query("COMMIT");
      } catch (err) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    };

    await sub.consume(tag, (msg) => {
      if (!msg) return;
      const { eventId, reservationId, t } = JSON.parse(msg.content.toString()) as { eventId: string; reservationId: string; t: number };
      tx(consPool, [
        ["INSERT INTO inbox (event_id) VALUES ($1) ON CONFLICT DO NOTHING", [eventId]],
        ["UPDATE reservations SET status = 'CONFIRMED', updated_at = now() WHERE id = $1 AND status = 'PENDING_PAYMENT'", [reservationId]],
        ["INSERT INTO audit_log (reservation_id, from_status, to_status) VALUES ($1, 'PENDING_PAYMENT', 'CONFIRMED')", [reservationId]],
        [
          "INSERT INTO outbox (id, type, payload) VALUES ($1, 'reservation.confirmed', $2)",
          [randomUUID(), JSON.stringify({ reservationId })],
        ],
      ])
        .then(() => {
          sub.ack(msg);
          confirmed++;
          if (measuring) latencies.push(Date.now() - t);
        })
        .catch(() => sub.nack(msg));
    });

    let stop = false;
    let n = 0;
    const producer = async () => {
      while (!stop) {
        const reservationId = randomUUID();
        const paymentId = randomUUID();
        const eventId = randomUUID();
        const slot = slots[n++ % slots.length]!;
        await tx(rsvPool, [
          ["UPDATE slots SET reserved = reserved + 1 WHERE id = $1 AND reserved + 1 <= capacity", [slot]],
          ["INSERT INTO reservations (id, slot_id, pages, status) VALUES ($1, $2, 1, 'PENDING_PAYMENT')", [reservationId, slot]],
          ["INSERT INTO audit_log (reservation_id, from_status, to_status) VALUES ($1, NULL, 'PENDING_PAYMENT')", [reservationId]],
        ]);
        await payPool.query("INSERT INTO payments (id, reservation_id, amount, status) VALUES ($1, $2, 1000, 'READY')", [
          paymentId,
          reservationId,
        ]);
        const t = Date.now();
        const payload = JSON.stringify({ eventId, reservationId, paymentId, t });
        await tx(payPool, [
          ["UPDATE payments SET status = 'APPROVED', approved_at = now() WHERE id = $1 AND status = 'READY'", [paymentId]],
          ["INSERT INTO outbox (id, type, payload) VALUES ($1, 'payment.approved', $2)", [eventId, payload]],
        ]);
        await new Promise<void>((resolve, reject) =>
          pub.publish(
            tag,
            "payment.approved",
            Buffer.from(payload),
            { persistent: true, contentType: "application/json", messageId: eventId },
            (err) => (err ? reject(err) : resolve()),
          ),
        );
        await payPool.query("UPDATE outbox SET published_at = now() WHERE id = $1", [eventId]);
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
      description: `${o.producers} producers, each booking: reserve tx (slot counter + reservation + audit) → payment INSERT → approval tx (payment + outbox) → publish (persistent, confirm awaited) → outbox marked | consumer prefetch 20: tx (inbox + CONFIRMED + audit + outbox) → ack; two databases, ${slots.length} slots`,
      perSec: round(median(runs)),
      latencyMs: { p50: round(median(latencies), 1), p99: round(percentile(latencies, 99), 1) },
      runs: runs.map((x) => round(x)),
    };
  } finally {
    await pubConn.close().catch(() => undefined);
    await subConn.close().catch(() => undefined);
    await rsvPool.end();
    await payPool.end();
    await consPool.end();
    await rdb.drop().catch(() => undefined);
    await pdb.drop().catch(() => undefined);
  }
}
