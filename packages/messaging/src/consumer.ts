import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from "amqplib";
import { parseEvent, type AnyEvent, type EventEnvelope, type EventType } from "@preprint/contracts";
import type { ConnectionParticipant, MessagingConnection } from "./connection";
import { copyProperties, stripBrokerHeaders } from "./copy";
import { errorMessage, type Logger } from "./logger";
import { messagingMetrics } from "./metrics";
import {
  assertConsumerTopology,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAYS_MS,
  Headers,
  queueNames,
  retryQueueFor,
  type QueueNames,
} from "./topology";
import { ATTR, extractContext, isAutoInstrumented, tracer } from "./tracing";

export interface HandlerContext {
  /**
   * 1-based delivery attempt (1 = first try; reset to 1 by a DLQ replay): our `x-attempt` (grown
   * by each retry after a throw) plus, on a quorum queue, the broker's `x-delivery-count`
   * (deliveries of this copy that ended without an ack: a process crash, a lost connection).
   */
  attempt: number;
  /** Earlier deliveries of this copy that ended without an ack (quorum queues; 0 on classic). */
  deliveryCount: number;
  maxAttempts: number;
  /** AMQP headers as received (trace context, x-attempt, x-last-error …). */
  headers: Record<string, unknown>;
  /** The event type the message was published with. */
  routingKey: string;
  /** True when the broker redelivers after a lost ack (connection loss, crash). */
  redelivered: boolean;
  /** Full queue name. */
  queue: string;
  /** The CONSUMER span the handler runs in. */
  span: Span;
}

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, ctx: HandlerContext) => Promise<void> | void;
/** One handler per event type the service consumes; the keys become the queue's bindings. */
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface ConsumerOptions {
  /** Service name; the queue is `<queuePrefix><service>`. */
  service: string;
  handlers: EventHandlers;
  /** Unacked messages in flight (= handler concurrency). Default 20. */
  prefetch?: number;
  /** Deliveries before a failing message is parked in `<queue>.dlq`. Default 5. */
  maxAttempts?: number;
  /** Delay before attempt n+1 is `retryDelaysMs[n-1]` (last one repeats). Default 1 s, 5 s, 30 s. */
  retryDelaysMs?: readonly number[];
  logger?: Logger;
}

const MAX_ERROR_LENGTH = 2_000;

/**
 * Consumes a service's queue with manual acks. A handler that throws is retried through the
 * per-delay retry queues; after `maxAttempts` deliveries the message is parked in the DLQ with its
 * last error. A message that fails its schema is parked at once. Handlers must be idempotent (use
 * the inbox): delivery is at-least-once.
 */
export class Consumer implements ConnectionParticipant {
  readonly name: string;
  readonly queue: string;
  readonly names: QueueNames;
  private readonly prefetch: number;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly logger: Logger;
  private channel?: ConfirmChannel;
  private consumerTag?: string;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly connection: MessagingConnection,
    private readonly opts: ConsumerOptions,
  ) {
    this.queue = connection.queueName(opts.service);
    this.name = `consumer:${this.queue}`;
    this.prefetch = opts.prefetch ?? 20;
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryDelaysMs = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.names = queueNames(this.queue, this.retryDelaysMs);
    this.logger = opts.logger ?? connection.logger;
    if (this.maxAttempts < 1) throw new Error("maxAttempts must be at least 1");
    if (Object.keys(opts.handlers).length === 0) throw new Error("a consumer needs at least one handler");
  }

  /**
   * Registers with the connection. If it is ready, declares the topology and starts consuming
   * before resolving; otherwise that happens on the next (re)connect.
   */
  async start(): Promise<void> {
    this.stopping = false;
    await this.connection.addParticipant(this);
  }

  /** Handlers currently running. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Graceful shutdown: cancels the subscription (no new deliveries), waits up to `timeoutMs` for
   * running handlers to finish and ack, then closes the channel. Unacked messages are redelivered
   * to another replica by the broker.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    this.connection.removeParticipant(this);
    const ch = this.channel;
    if (ch && this.consumerTag) await ch.cancel(this.consumerTag).catch(() => undefined);
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
      clearTimeout(timer);
    }
    this.channel = undefined;
    this.consumerTag = undefined;
    if (ch) await ch.close().catch(() => undefined);
  }

  /** @internal ConnectionParticipant */
  async setup(model: ChannelModel): Promise<void> {
    if (this.stopping) return;
    const ch = await model.createConfirmChannel();
    ch.on("error", (err: Error) => this.logger.warn({ queue: this.queue, err: err.message }, "consumer channel error"));
    ch.on("close", () => {
      if (this.channel === ch && !this.stopping) {
        this.channel = undefined;
        this.connection.channelLost(model, new Error(`consumer channel for ${this.queue} closed`));
      }
    });
    this.channel = ch;
    await ch.prefetch(this.prefetch);
    await assertConsumerTopology(ch, {
      exchange: this.connection.exchange,
      queue: this.queue,
      routingKeys: Object.keys(this.opts.handlers),
      retryDelaysMs: this.retryDelaysMs,
      queueType: this.connection.queueType,
    });
    const auto = isAutoInstrumented(ch.consume);
    const { consumerTag } = await ch.consume(
      this.queue,
      (msg) => {
        if (!msg) {
          // the broker cancelled us (queue deleted or failed over): rebuild everything
          if (!this.stopping) this.connection.channelLost(model, new Error(`consumer for ${this.queue} cancelled by broker`));
          return;
        }
        // capture synchronously: with instrumentation-amqplib its CONSUMER span is active only now
        const active = context.active();
        const p = this.process(ch, msg, auto ? active : undefined)
          .catch((err) => this.logger.error({ queue: this.queue, err: errorMessage(err) }, "message processing failed"))
          .finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
      { noAck: false },
    );
    this.consumerTag = consumerTag;
  }

  /** @internal ConnectionParticipant: the connection is closing. */
  close(): Promise<void> {
    return this.stop();
  }

  /** @internal ConnectionParticipant */
  onDisconnect(): void {
    this.channel = undefined;
    this.consumerTag = undefined;
  }

  private async process(ch: ConfirmChannel, msg: ConsumeMessage, autoContext: Context | undefined): Promise<void> {
    const headers = { ...msg.properties.headers };
    const deliveryCount = brokerDeliveryCount(msg);
    const attempt = Math.max(1, Number(headers[Headers.attempt] ?? 1) || 1) + deliveryCount;
    const routingKey = String(headers[Headers.routingKey] ?? msg.fields.routingKey);

    if (msg.fields.redelivered && headers[Headers.deliveryCount] === undefined && headers["x-acquired-count"] === undefined) {
      // a classic queue: it only says "redelivered", not how often, so a message that kills the
      // process every time cannot be told from one that met a single lost connection
      this.logger.warn(
        { queue: this.queue, messageId: msg.properties.messageId, attempt },
        "redelivered without x-delivery-count (classic queue?): a crash loop cannot be bounded here",
      );
    }
    if (deliveryCount > 0 && attempt > this.maxAttempts) {
      // every earlier delivery of this copy ended without an ack: don't give it the process again.
      // Checked before parsing, so even a payload that kills the parser is caught.
      const err = new Error(`redelivered ${deliveryCount} times without an ack (process crash or lost connection?)`);
      await this.park(ch, msg, headers, routingKey, attempt - 1, "redelivery-limit", err);
      return;
    }

    let event: AnyEvent;
    try {
      event = parseEvent(JSON.parse(msg.content.toString("utf8")));
    } catch (err) {
      // retrying cannot fix a payload that fails its schema: park it at once, with the field named
      await this.park(ch, msg, headers, routingKey, attempt, "invalid", err);
      return;
    }
    const handler = this.opts.handlers[event.type] as EventHandler<EventType> | undefined;
    if (!handler) {
      await this.park(ch, msg, headers, routingKey, attempt, "no-handler", new Error(`no handler for ${event.type} on ${this.queue}`));
      return;
    }

    const autoSpan = autoContext ? trace.getSpan(autoContext) : undefined;
    let span: Span;
    let ctx: Context;
    if (autoSpan) {
      // instrumentation-amqplib already made `<queue> process` (ended on ack/nack): reuse it
      span = autoSpan;
      ctx = autoContext!;
    } else {
      const parent = extractContext(headers);
      span = tracer().startSpan(
        `${this.queue} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            [ATTR.system]: "rabbitmq",
            [ATTR.operationType]: "process",
            [ATTR.operationName]: "process",
            [ATTR.destination]: this.queue,
            [ATTR.consumerGroup]: this.queue,
            [ATTR.routingKey]: routingKey,
            [ATTR.messageId]: event.id,
          },
        },
        parent,
      );
      ctx = trace.setSpan(parent, span);
    }
    span.setAttribute(ATTR.eventType, event.type);
    span.setAttribute(ATTR.attempt, attempt);

    const started = performance.now();
    const m = messagingMetrics();
    try {
      await context.with(ctx, () =>
        handler(event, {
          attempt,
          maxAttempts: this.maxAttempts,
          deliveryCount,
          headers,
          routingKey,
          redelivered: msg.fields.redelivered,
          queue: this.queue,
          span,
        }),
      );
      m.processed.add(1, { queue: this.queue, type: event.type });
      safeAck(ch, msg);
    } catch (err) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      if (attempt >= this.maxAttempts) {
        await this.park(ch, msg, headers, routingKey, attempt, "max-attempts", err);
      } else {
        await this.retry(ch, msg, headers, routingKey, attempt, err);
      }
    } finally {
      m.handlerDuration.record((performance.now() - started) / 1000, { queue: this.queue, type: event.type });
      if (!autoSpan) span.end();
    }
  }

  private async retry(
    ch: ConfirmChannel,
    msg: ConsumeMessage,
    headers: Record<string, unknown>,
    routingKey: string,
    attempt: number,
    err: unknown,
  ) {
    const target = retryQueueFor(this.names, this.retryDelaysMs, attempt);
    this.logger.warn(
      { queue: this.queue, messageId: msg.properties.messageId, attempt, retryInMs: target.delayMs, err: errorMessage(err) },
      "handler failed; retrying later",
    );
    const next = {
      ...stripBrokerHeaders(headers),
      [Headers.attempt]: attempt + 1,
      [Headers.lastError]: truncate(errorMessage(err)),
      [Headers.routingKey]: routingKey,
      [Headers.firstFailedAt]: headers[Headers.firstFailedAt] ?? new Date().toISOString(),
    };
    if (await this.sendCopy(ch, target.name, msg, next)) {
      messagingMetrics().retries.add(1, { queue: this.queue });
      safeAck(ch, msg);
    }
  }

  private async park(
    ch: ConfirmChannel,
    msg: ConsumeMessage,
    headers: Record<string, unknown>,
    routingKey: string,
    attempt: number,
    reason: "invalid" | "max-attempts" | "no-handler" | "redelivery-limit",
    err: unknown,
  ) {
    this.logger.error(
      { queue: this.queue, dlq: this.names.dlq, messageId: msg.properties.messageId, attempt, reason, err: errorMessage(err) },
      "message parked in dead-letter queue",
    );
    const next = {
      ...stripBrokerHeaders(headers),
      [Headers.attempt]: attempt,
      [Headers.lastError]: truncate(errorMessage(err)),
      [Headers.parkedReason]: reason,
      [Headers.parkedAt]: new Date().toISOString(),
      [Headers.routingKey]: routingKey,
    };
    if (await this.sendCopy(ch, this.names.dlq, msg, next)) {
      messagingMetrics().parked.add(1, { queue: this.queue, reason });
      safeAck(ch, msg);
    }
  }

  /**
   * Sends a copy straight to a queue (default exchange) and waits for the broker's confirm; only
   * then is the original acked, so a crash in between duplicates rather than loses the message.
   */
  private async sendCopy(ch: ConfirmChannel, queue: string, msg: ConsumeMessage, headers: Record<string, unknown>): Promise<boolean> {
    const props: Options.Publish = copyProperties(msg.properties, headers);
    try {
      await new Promise<void>((resolve, reject) => {
        ch.sendToQueue(queue, msg.content, props, (err: unknown) => (err ? reject(err) : resolve()));
      });
      return true;
    } catch (err) {
      this.logger.warn({ queue, err: errorMessage(err) }, "could not move message; it stays unacked and will be redelivered");
      try {
        ch.nack(msg, false, true);
      } catch {
        // channel already gone: the broker requeues unacked messages itself
      }
      return false;
    }
  }
}

function safeAck(ch: ConfirmChannel, msg: ConsumeMessage) {
  try {
    ch.ack(msg);
  } catch {
    // the channel died after the handler ran: the broker will redeliver and the inbox dedupes
  }
}

/**
 * The broker's redelivery count of this copy (quorum queues set `x-delivery-count` on a
 * redelivery; 0 otherwise). Only trusted on a redelivery: a first delivery keeps whatever header a
 * publisher put on the message, which the quorum queue does not overwrite until it redelivers.
 */
function brokerDeliveryCount(msg: ConsumeMessage): number {
  if (!msg.fields.redelivered) return 0;
  const n = Number(msg.properties.headers?.[Headers.deliveryCount] ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function truncate(s: string): string {
  return s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH)}…` : s;
}
