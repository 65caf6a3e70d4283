import { metrics } from "@opentelemetry/api";

// Instruments are created lazily from the global MeterProvider, so they are no-ops until the
// service's telemetry bootstrap registers one.
const meter = () => metrics.getMeter("@preprint/messaging", "0.1.0");

let instruments: ReturnType<typeof create> | undefined;
function create() {
  const m = meter();
  return {
    published: m.createCounter("preprint.messaging.published", { description: "messages confirmed by the broker" }),
    publishFailures: m.createCounter("preprint.messaging.publish_failures", { description: "publishes nacked, timed out or failed" }),
    processed: m.createCounter("preprint.messaging.processed", { description: "messages handled successfully" }),
    retries: m.createCounter("preprint.messaging.retries", { description: "messages sent to a retry queue" }),
    parked: m.createCounter("preprint.messaging.dlq.parked", { description: "messages parked in a dead-letter queue" }),
    handlerDuration: m.createHistogram("preprint.messaging.process.duration", { unit: "s", description: "handler duration" }),
    outboxBacklog: m.createObservableGauge("preprint.outbox.backlog", { description: "pending outbox rows seen by the relay" }),
  };
}

export function messagingMetrics() {
  instruments ??= create();
  return instruments;
}
