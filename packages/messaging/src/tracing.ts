import { context, propagation, ROOT_CONTEXT, trace, type Context } from "@opentelemetry/api";

export const TRACER_NAME = "@preprint/messaging";
export const tracer = () => trace.getTracer(TRACER_NAME, "0.1.0");

/** W3C trace context (and baggage, when a propagator for it is registered) as a plain object. */
export type TraceCarrier = Record<string, string>;

export function injectContext(ctx: Context = context.active(), carrier: TraceCarrier = {}): TraceCarrier {
  propagation.inject(ctx, carrier);
  return carrier;
}

export function extractContext(headers: Record<string, unknown> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (typeof v === "string") carrier[k] = v;
    else if (Buffer.isBuffer(v)) carrier[k] = v.toString();
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * True when `@opentelemetry/instrumentation-amqplib` has patched this method (shimmer marks its
 * wrappers with `__wrapped`). Then it already creates the `publish <exchange>` PRODUCER and
 * `<queue> process` CONSUMER spans and we must not create a second one.
 */
export function isAutoInstrumented(fn: unknown): boolean {
  return typeof fn === "function" && (fn as { __wrapped?: boolean }).__wrapped === true;
}

export const ATTR = {
  system: "messaging.system",
  operationType: "messaging.operation.type",
  operationName: "messaging.operation.name",
  destination: "messaging.destination.name",
  routingKey: "messaging.rabbitmq.destination.routing_key",
  messageId: "messaging.message.id",
  consumerGroup: "messaging.consumer.group.name",
  eventType: "preprint.event.type",
  attempt: "preprint.messaging.attempt",
} as const;
