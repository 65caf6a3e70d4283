import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { enqueueEvent, Publisher } from "../src";
import { Harness, paymentApproved, waitFor } from "./harness";

// Manual API spans with an SDK provider work inside jest (docs/platform-notes.md N10 is about
// auto-instrumentation).
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

let h: Harness;
beforeEach(() => {
  h = new Harness();
  exporter.reset();
});
afterEach(() => h.dispose());

describe("trace context", () => {
  it("when an event goes through the outbox, then publish is a child of the request span and the handler runs in a `<queue> process` CONSUMER span under it", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    let handlerSpanId: string | undefined;
    let handlerTraceparent: unknown;
    const consumer = h.consumer(conn, {
      service: "notification",
      handlers: {
        "payment.approved": (_e, ctx) => {
          handlerSpanId = trace.getActiveSpan()?.spanContext().spanId;
          handlerTraceparent = ctx.headers.traceparent;
        },
      },
    });
    await consumer.start();
    await h.relay(pool, new Publisher(conn)).start();

    const request = trace.getTracer("test").startSpan("POST /payments/:id/approve", { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () => enqueueEvent(pool, paymentApproved()));
    request.end();

    // the broker's confirm (which ends the publish span) can arrive after the handler ran
    const finished = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name);
    await waitFor(() => handlerSpanId && finished(`publish ${h.exchange}`) && finished(`${consumer.queue} process`));
    const publish = finished(`publish ${h.exchange}`);
    const process = finished(`${consumer.queue} process`);
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect(process?.kind).toBe(SpanKind.CONSUMER);
    const traceId = request.spanContext().traceId;
    expect(publish!.spanContext().traceId).toBe(traceId);
    expect(publish!.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(process!.spanContext().traceId).toBe(traceId);
    expect(process!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
    expect(handlerSpanId).toBe(process!.spanContext().spanId);
    expect(handlerTraceparent).toBe(`00-${traceId}-${publish!.spanContext().spanId}-01`);
    expect(process!.attributes).toMatchObject({
      "messaging.system": "rabbitmq",
      "messaging.destination.name": consumer.queue,
      "messaging.message.id": expect.any(String),
      "preprint.event.type": "payment.approved",
    });
  });

  it("when a handler fails and is retried, then every attempt continues the same trace and records the error", async () => {
    const conn = await h.connection().connect();
    let calls = 0;
    const consumer = h.consumer(conn, {
      service: "flaky",
      retryDelaysMs: [30],
      handlers: {
        "payment.approved": () => {
          if (++calls === 1) throw new Error("transient");
        },
      },
    });
    await consumer.start();
    const root = trace.getTracer("test").startSpan("job");
    await context.with(trace.setSpan(context.active(), root), () => new Publisher(conn).publish(paymentApproved()));
    root.end();
    await waitFor(() => exporter.getFinishedSpans().filter((s) => s.name === `${consumer.queue} process`).length === 2);
    const attempts = exporter.getFinishedSpans().filter((s) => s.name === `${consumer.queue} process`);
    expect(attempts.map((s) => s.spanContext().traceId)).toEqual([root.spanContext().traceId, root.spanContext().traceId]);
    expect(attempts[0]!.status.code).toBe(2); // ERROR
    expect(attempts[0]!.events.some((e) => e.name === "exception")).toBe(true);
    expect(attempts.map((s) => s.attributes["preprint.messaging.attempt"])).toEqual([1, 2]);
  });
});
