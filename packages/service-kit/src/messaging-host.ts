import { Pool } from "pg";
import { z } from "zod";
import { Consumer, MessagingConnection, OutboxRelay, Publisher, queueNames, type EventHandlers } from "@preprint/messaging";
import { observeOutbox, observeQueueDepth, withDomainIds, type Registration } from "@preprint/telemetry";
import { env } from "./config";
import type { Logger } from "./logger";

/**
 * The broker settings every service reads from the same variables; spread into the service's
 * config shape. QUEUE_PREFIX is the one queue-prefix setting: every queue the service declares is
 * `<QUEUE_PREFIX><queue>`.
 */
export const messagingEnv = {
  AMQP_URL: env.url().default("amqp://guest:guest@127.0.0.1:5672").describe("RabbitMQ"),
  EVENTS_EXCHANGE: z.string().min(1).default("preprint.events").describe("topic exchange events are published to and consumed from"),
  QUEUE_PREFIX: z
    .string()
    .default("")
    .describe("prepended to this service's queue names (tests, a broker shared by several installations)"),
};

export interface MessagingEnv {
  AMQP_URL: string;
  EVENTS_EXCHANGE: string;
  QUEUE_PREFIX: string;
}

export interface MessagingSpec {
  /** the service's loaded config (it spreads `messagingEnv`) */
  env: MessagingEnv;
  /** the consumer queue's name before the prefix (default: the service name) */
  queue?: string;
  /**
   * Publish what the service's transactions wrote to `outbox_events` (the outbox relay, on its own
   * small pg pool of the service's database). Off for a service that publishes nothing.
   */
  outbox?: { databaseUrl: string; poolMax?: number; pollIntervalMs?: number };
  /** consumer tuning; tests shorten the retry delays */
  retryDelaysMs?: number[];
  maxAttempts?: number;
  prefetch?: number;
}

/**
 * The broker side of a service: one connection, a publisher on it, the outbox relay (if the
 * service publishes), the consumer with the service's handlers (if it consumes), and their gauges
 * (dead-letter depth of the queue, outbox backlog and age). Built and started by `startService`.
 */
export class MessagingHost {
  readonly connection: MessagingConnection;
  readonly publisher: Publisher;
  /** the relay's pool on the service's database; also what `pruneInbox` may run on */
  readonly pool?: Pool;
  readonly relay?: OutboxRelay;
  private consumerInstance?: Consumer;
  private readonly registrations: Registration[] = [];
  /** the full name of the consumer queue */
  readonly queue: string;
  private readonly queueBase: string;

  constructor(
    service: string,
    private readonly spec: MessagingSpec,
    private readonly logger: Logger,
  ) {
    this.connection = new MessagingConnection({
      url: spec.env.AMQP_URL,
      exchange: spec.env.EVENTS_EXCHANGE,
      queuePrefix: spec.env.QUEUE_PREFIX,
      connectionName: service,
      logger,
    });
    this.queueBase = spec.queue ?? service;
    this.queue = this.connection.queueName(this.queueBase);
    this.publisher = new Publisher(this.connection);
    if (spec.outbox) {
      this.pool = new Pool({ connectionString: spec.outbox.databaseUrl, max: spec.outbox.poolMax ?? 3 });
      // An idle client whose connection drops (database restart, network cut) emits "error" on the
      // pool; unhandled, that kills the process. The pool discards the client itself.
      this.pool.on("error", (err) => logger.warn({ err: err.message }, "outbox pool: idle connection lost"));
      this.relay = new OutboxRelay(this.pool, this.publisher, { logger, pollIntervalMs: spec.outbox.pollIntervalMs });
    }
  }

  /** The consumer, once `consume` gave it handlers. */
  get consumer(): Consumer | undefined {
    return this.consumerInstance;
  }

  /** Sets the consumer's handlers (one per event type; the keys become the queue's bindings). */
  consume(handlers: EventHandlers): void {
    if (this.consumerInstance) throw new Error("the consumer already has its handlers");
    this.consumerInstance = new Consumer(this.connection, {
      service: this.queueBase,
      handlers: withDomainIds(handlers),
      retryDelaysMs: this.spec.retryDelaysMs,
      maxAttempts: this.spec.maxAttempts,
      prefetch: this.spec.prefetch,
      logger: this.logger,
    });
  }

  /** Connected, exchange declared and the consumer set up (readiness). */
  isReady(): boolean {
    return this.connection.isReady();
  }

  /** Consumer, connection (in the background: readiness reports it), relay, then the gauges. */
  async start(): Promise<void> {
    await this.consumerInstance?.start();
    this.connection.start();
    await this.relay?.start();
    if (this.consumerInstance) this.registrations.push(observeQueueDepth(this.connection, [queueNames(this.queue).dlq]));
    if (this.pool) this.registrations.push(observeOutbox(this.pool));
  }

  /** Stop taking deliveries and wait for the handlers in flight (first step of a shutdown). */
  async stopConsuming(): Promise<void> {
    await this.consumerInstance?.stop();
  }

  /** Gauges, relay (its batches in flight commit), connection, pool. */
  async close(): Promise<void> {
    for (const r of this.registrations.splice(0)) r.stop();
    await this.relay?.stop();
    await this.connection.close();
    await this.pool?.end();
  }
}
