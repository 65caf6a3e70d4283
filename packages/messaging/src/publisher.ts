import { once } from "node:events";
import { context, SpanKind, SpanStatusCode, trace, type Context } from "@opentelemetry/api";
import type { ConfirmChannel, Options } from "amqplib";
import { parseEvent, type AnyEvent, type EventEnvelope } from "@preprint/contracts";
import type { MessagingConnection } from "./connection";
import { errorMessage } from "./logger";
import { messagingMetrics } from "./metrics";
import { Headers } from "./topology";
import { ATTR, injectContext, isAutoInstrumented, tracer } from "./tracing";

export interface PublisherOptions {
  /** How long a publish waits for the broker to confirm. Default 10 s. */
  confirmTimeoutMs?: number;
  /** How long a publish waits for a connection that is (re)connecting. Default 5 s. */
  readyTimeoutMs?: number;
}

export interface PublishOptions {
  /** Extra AMQP headers. */
  headers?: Record<string, unknown>;
  /** Parent trace context; default the active one. */
  context?: Context;
}

/** One message for `publishMany`: an envelope plus the trace context it was created in. */
export interface OutgoingMessage {
  event: AnyEvent | EventEnvelope;
  context?: Context;
  headers?: Record<string, unknown>;
}

export type PublishResult = { ok: true } | { ok: false; error: Error };

/** A publish the broker did not confirm (nack, channel closed, timeout, not connected). */
export class PublishError extends Error {
  override readonly name = "PublishError";
}

/**
 * Publishes validated events to the topic exchange with publisher confirms: persistent,
 * messageId = event id, `type` = event type, routing key = event type, W3C trace context in the
 * headers. A promise resolves only once the broker has taken responsibility for the message.
 */
export class Publisher {
  private readonly confirmTimeoutMs: number;
  private readonly readyTimeoutMs: number;

  constructor(
    readonly connection: MessagingConnection,
    opts: PublisherOptions = {},
  ) {
    this.confirmTimeoutMs = opts.confirmTimeoutMs ?? 10_000;
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 5_000;
  }

  /**
   * Validates (throws EventValidationError naming the field; nothing is sent) and publishes one
   * event. Rejects with PublishError if the broker does not confirm it.
   */
  async publish(event: AnyEvent | EventEnvelope, opts: PublishOptions = {}): Promise<void> {
    const valid = parseEvent(event);
    const [result] = await this.publishValidated([{ event: valid, context: opts.context, headers: opts.headers }]);
    if (!result!.ok) throw result!.error;
  }

  /**
   * Publishes many events as one pipelined batch (all written, then all confirms awaited), the
   * fast path used by the outbox relay. Every event is validated first; an invalid one throws
   * before anything is sent. Returns one result per message, in order.
   */
  async publishMany(messages: OutgoingMessage[]): Promise<PublishResult[]> {
    const valid = messages.map((m) => ({ ...m, event: parseEvent(m.event) }));
    return this.publishValidated(valid);
  }

  /** @internal batch publish of already validated envelopes. */
  async publishValidated(messages: OutgoingMessage[]): Promise<PublishResult[]> {
    if (messages.length === 0) return [];
    let ch = this.connection.publishChannel;
    if (!ch) {
      try {
        await this.connection.waitUntilReady(this.readyTimeoutMs);
      } catch (err) {
        return this.failAll(messages.length, new PublishError(`not connected to the broker: ${errorMessage(err)}`));
      }
      ch = this.connection.publishChannel;
      if (!ch) return this.failAll(messages.length, new PublishError("not connected to the broker"));
    }
    const results: Promise<PublishResult>[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<PublishResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, error: new PublishError(`no broker confirm within ${this.confirmTimeoutMs} ms`) }),
        this.confirmTimeoutMs,
      );
    });
    const auto = isAutoInstrumented(ch.publish);
    for (const m of messages) {
      const p = this.publishOne(ch, m, auto);
      results.push(Promise.race([p.confirmed, deadline]));
      if (!p.written) {
        // socket buffer is full: let it drain (or the channel die) before writing more
        await Promise.race([once(ch, "drain"), once(ch, "close")]);
      }
    }
    const settled = await Promise.all(results).finally(() => clearTimeout(timer));
    const m = messagingMetrics();
    const failed = settled.filter((r) => !r.ok).length;
    if (settled.length - failed) m.published.add(settled.length - failed, { exchange: this.connection.exchange });
    if (failed) m.publishFailures.add(failed, { exchange: this.connection.exchange });
    return settled;
  }

  private publishOne(ch: ConfirmChannel, m: OutgoingMessage, auto: boolean): { written: boolean; confirmed: Promise<PublishResult> } {
    const event = m.event;
    const exchange = this.connection.exchange;
    const parent = m.context ?? context.active();
    // With instrumentation-amqplib active, it creates the PRODUCER span and injects its context;
    // we only make the stored/active context current so its span gets the right parent.
    const span = auto
      ? undefined
      : tracer().startSpan(
          `publish ${exchange}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              [ATTR.system]: "rabbitmq",
              [ATTR.operationType]: "send",
              [ATTR.operationName]: "publish",
              [ATTR.destination]: exchange,
              [ATTR.routingKey]: event.type,
              [ATTR.messageId]: event.id,
              [ATTR.eventType]: event.type,
            },
          },
          parent,
        );
    const ctx = span ? trace.setSpan(parent, span) : parent;
    const headers: Record<string, unknown> = {
      ...m.headers,
      [Headers.eventType]: event.type,
      [Headers.eventVersion]: event.version,
    };
    // drop any stale trace headers, then inject the current ones
    delete headers.traceparent;
    delete headers.tracestate;
    injectContext(ctx, headers as Record<string, string>);
    const props: Options.Publish = {
      persistent: true,
      messageId: event.id,
      type: event.type,
      appId: event.source,
      contentType: "application/json",
      timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
      headers,
    };
    let written = true;
    const confirmed = new Promise<PublishResult>((resolve) => {
      try {
        written = context.with(ctx, () =>
          ch.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), props, (err: unknown) => {
            if (err) {
              const error = new PublishError(`broker did not confirm ${event.type} ${event.id}: ${errorMessage(err)}`);
              span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
              span?.end();
              resolve({ ok: false, error });
            } else {
              span?.end();
              resolve({ ok: true });
            }
          }),
        );
      } catch (err) {
        span?.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        span?.end();
        resolve({ ok: false, error: new PublishError(`publish failed: ${errorMessage(err)}`) });
      }
    });
    return { written, confirmed };
  }

  private failAll(n: number, error: Error): PublishResult[] {
    messagingMetrics().publishFailures.add(n, { exchange: this.connection.exchange });
    return Array.from({ length: n }, () => ({ ok: false as const, error }));
  }
}
