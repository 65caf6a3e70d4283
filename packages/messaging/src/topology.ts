import type { Channel } from "amqplib";

export const DEFAULT_EXCHANGE = "preprint.events";
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000];
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Header names this package reads and writes on messages. */
export const Headers = {
  /** 1-based number of the delivery attempt this message represents. */
  attempt: "x-attempt",
  /** Last handler error (truncated), on retried and parked messages. */
  lastError: "x-last-error",
  /** Why the message was parked: "max-attempts" | "redelivery-limit" | "invalid" | "no-handler". */
  parkedReason: "x-parked-reason",
  parkedAt: "x-parked-at",
  /** Routing key (event type) the message was originally published with. */
  routingKey: "x-original-routing-key",
  firstFailedAt: "x-first-failed-at",
  replayedAt: "x-replayed-at",
  replayCount: "x-replay-count",
  eventType: "x-event-type",
  eventVersion: "x-event-version",
  /**
   * Set by the broker (quorum queues only) on a redelivery: how many earlier deliveries of this
   * copy ended without an ack. Read by the consumer, never copied onto a new message.
   */
  deliveryCount: "x-delivery-count",
} as const;

/**
 * `x-queue-type` for the declared queues. Unset (the default) declares without the argument, so
 * the broker's default queue type decides (quorum in compose/k8s, decision 0072).
 */
export type QueueType = "quorum" | "classic";

export interface QueueNames {
  /** The service's queue, bound to the exchange by event type. */
  main: string;
  /** Parked messages. */
  dlq: string;
  /** One queue per delay; messages wait there for the TTL then dead-letter back to `main`. */
  retry: { delayMs: number; name: string }[];
}

/**
 * Names derived from a queue name. Retry queues are named by delay so that changing the delays
 * declares new queues instead of failing with PRECONDITION_FAILED on changed arguments.
 */
export function queueNames(queue: string, retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): QueueNames {
  const delays = [...new Set(retryDelaysMs)];
  return {
    main: queue,
    dlq: `${queue}.dlq`,
    retry: delays.map((delayMs) => ({ delayMs, name: `${queue}.retry.${delayMs}ms` })),
  };
}

/** Retry queue for the given failed attempt (1-based); attempts past the list reuse the last delay. */
export function retryQueueFor(names: QueueNames, retryDelaysMs: readonly number[], failedAttempt: number) {
  const delay = retryDelaysMs[Math.min(failedAttempt - 1, retryDelaysMs.length - 1)]!;
  return names.retry.find((r) => r.delayMs === delay)!;
}

export async function assertExchange(ch: Channel, exchange: string): Promise<void> {
  await ch.assertExchange(exchange, "topic", { durable: true });
}

export interface ConsumerTopology {
  exchange: string;
  queue: string;
  routingKeys: readonly string[];
  retryDelaysMs: readonly number[];
  /** Declare every queue with this `x-queue-type`; default: none (the broker's default type). */
  queueType?: QueueType;
}

/**
 * Declares the service queue, its retry queues and its DLQ. Retries and parking go through the
 * default exchange ("") straight to a queue by name, so a retried event is not fanned out again
 * to every other service bound to the topic exchange.
 */
export async function assertConsumerTopology(ch: Channel, t: ConsumerTopology): Promise<QueueNames> {
  if (t.retryDelaysMs.length === 0) throw new Error("retryDelaysMs must not be empty");
  const names = queueNames(t.queue, t.retryDelaysMs);
  const typeArgs = t.queueType ? { arguments: { "x-queue-type": t.queueType } } : {};
  await assertExchange(ch, t.exchange);
  await ch.assertQueue(names.dlq, { durable: true, ...typeArgs });
  await ch.assertQueue(names.main, {
    durable: true,
    ...typeArgs,
    // a message rejected without requeue (a last resort; the consumer normally parks explicitly)
    // ends in the DLQ rather than being dropped
    deadLetterExchange: "",
    deadLetterRoutingKey: names.dlq,
  });
  for (const r of names.retry) {
    await ch.assertQueue(r.name, {
      durable: true,
      ...typeArgs,
      messageTtl: r.delayMs,
      deadLetterExchange: "",
      deadLetterRoutingKey: names.main,
    });
  }
  for (const key of t.routingKeys) await ch.bindQueue(names.main, t.exchange, key);
  return names;
}

/** Deletes a consumer's queues (tests, decommissioning). Missing queues are ignored. */
export async function deleteConsumerTopology(
  ch: Channel,
  queue: string,
  retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
): Promise<void> {
  const names = queueNames(queue, retryDelaysMs);
  for (const q of [names.main, names.dlq, ...names.retry.map((r) => r.name)]) await ch.deleteQueue(q);
}
