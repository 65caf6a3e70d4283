import * as amqp from "amqplib";
import type { GetMessage } from "amqplib";
import { copyProperties, stripBrokerHeaders } from "./copy";
import { Headers, queueNames } from "./topology";

export interface DeadLetter {
  eventId?: string;
  type?: string;
  /** Deliveries made before parking. */
  attempts: number;
  lastError?: string;
  /** "max-attempts" | "redelivery-limit" | "invalid" | "no-handler" */
  reason?: string;
  parkedAt?: string;
  /** When the event was published (AMQP timestamp). */
  publishedAt?: string;
  routingKey?: string;
  replayCount: number;
}

export interface DlqOptions {
  /** amqp URL; default `process.env.AMQP_URL`. */
  url?: string;
}

function resolveQueues(queue: string) {
  const main = queue.endsWith(".dlq") ? queue.slice(0, -4) : queue;
  return { main, dlq: queueNames(main, []).dlq };
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return Buffer.isBuffer(v) ? v.toString() : String(v);
}

function describe(m: GetMessage): DeadLetter {
  const h = m.properties.headers ?? {};
  let type = str(m.properties.type);
  let eventId = str(m.properties.messageId);
  if (!type || !eventId) {
    try {
      const body = JSON.parse(m.content.toString("utf8"));
      type ??= typeof body?.type === "string" ? body.type : undefined;
      eventId ??= typeof body?.id === "string" ? body.id : undefined;
    } catch {
      // not JSON: shown without id/type
    }
  }
  return {
    eventId,
    type,
    attempts: Number(h[Headers.attempt] ?? 1),
    lastError: str(h[Headers.lastError]),
    reason: str(h[Headers.parkedReason]),
    parkedAt: str(h[Headers.parkedAt]),
    publishedAt: m.properties.timestamp ? new Date(Number(m.properties.timestamp) * 1000).toISOString() : undefined,
    routingKey: str(h[Headers.routingKey]),
    replayCount: Number(h[Headers.replayCount] ?? 0),
  };
}

async function withChannel<T>(url: string | undefined, fn: (ch: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const u = url ?? process.env.AMQP_URL;
  if (!u) throw new Error("AMQP_URL is not set");
  const conn = await amqp.connect(u);
  conn.on("error", () => undefined);
  try {
    const ch = await conn.createConfirmChannel();
    ch.on("error", () => undefined);
    const result = await fn(ch);
    // close the channel first: closing only the connection can drop acks still in flight
    // (RabbitMQ tears the channel down before processing them), leaving replayed messages behind
    await ch.close();
    return result;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/**
 * Lists up to `limit` parked messages without removing them (they are fetched unacked and returned
 * to the queue when the channel closes). `queue` is the service queue or its `.dlq`.
 */
export async function listDeadLetters(queue: string, opts: DlqOptions & { limit?: number } = {}): Promise<DeadLetter[]> {
  const { dlq } = resolveQueues(queue);
  const limit = opts.limit ?? 100;
  return withChannel(opts.url, async (ch) => {
    const { messageCount } = await ch.checkQueue(dlq);
    const out: DeadLetter[] = [];
    for (let i = 0; i < Math.min(limit, messageCount); i++) {
      const m = await ch.get(dlq, { noAck: false });
      if (!m) break;
      out.push(describe(m));
    }
    ch.nackAll(true);
    return out;
  });
}

/**
 * Moves parked messages back to the service queue with the attempt count reset to 1 (original
 * trace context and routing key kept). Select by event id(s) or `all`. Only the messages present
 * when it starts are looked at, so a message that fails again and is re-parked is not looped.
 * Returns the replayed messages.
 */
export async function replayDeadLetters(
  queue: string,
  opts: DlqOptions & ({ ids: string[]; all?: false } | { all: true; ids?: undefined }),
): Promise<DeadLetter[]> {
  const { main, dlq } = resolveQueues(queue);
  const wanted = opts.all ? undefined : new Set(opts.ids);
  if (wanted && wanted.size === 0) throw new Error("give event ids to replay, or all");
  return withChannel(opts.url, async (ch) => {
    await ch.checkQueue(main); // fail before touching the DLQ if the service queue is missing
    const { messageCount } = await ch.checkQueue(dlq);
    const replayed: DeadLetter[] = [];
    for (let i = 0; i < messageCount; i++) {
      const m = await ch.get(dlq, { noAck: false });
      if (!m) break;
      const d = describe(m);
      if (wanted && !(d.eventId && wanted.has(d.eventId))) continue; // stays unacked → requeued below
      // broker bookkeeping goes (a quorum DLQ adds x-delivery-count each time `list` returned it)
      const h = stripBrokerHeaders(m.properties.headers ?? {});
      for (const k of [Headers.lastError, Headers.parkedAt, Headers.parkedReason, Headers.firstFailedAt]) delete h[k];
      h[Headers.attempt] = 1;
      h[Headers.replayedAt] = new Date().toISOString();
      h[Headers.replayCount] = d.replayCount + 1;
      await new Promise<void>((resolve, reject) =>
        ch.sendToQueue(main, m.content, copyProperties(m.properties, h), (err: unknown) => (err ? reject(err) : resolve())),
      );
      ch.ack(m); // only after the broker confirmed the copy
      replayed.push(d);
    }
    ch.nackAll(true);
    return replayed;
  });
}
