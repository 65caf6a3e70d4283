import * as amqp from "amqplib";
import { assertConsumerTopology, Headers, listDeadLetters, Publisher, replayDeadLetters, type QueueType } from "../src";
import { AMQP_URL, Harness, paymentApproved, queueDepth, sleep, waitFor } from "./harness";

/**
 * A handler that kills its process (OOM, segfault, process.exit) never throws, so the consumer's
 * retry path never runs: the broker just redelivers. On a quorum queue the broker counts those
 * redeliveries (`x-delivery-count`) and the consumer parks the message once the count, added to
 * its own `x-attempt`, exceeds maxAttempts.
 */

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(() => h.dispose());

/**
 * A process that takes the next message of `queue` and dies before acking it: its own connection,
 * closed with the delivery unacked. Returns the delivery's redelivered flag and x-delivery-count.
 */
async function crashOnNextMessage(queue: string): Promise<{ redelivered: boolean; deliveryCount: unknown }> {
  const conn = await amqp.connect(AMQP_URL);
  conn.on("error", () => undefined);
  const ch = await conn.createChannel();
  await ch.prefetch(1);
  const msg = await new Promise<amqp.ConsumeMessage>((resolve) => void ch.consume(queue, (m) => m && resolve(m)));
  await conn.close(); // no ack: the broker returns the message to the queue
  return { redelivered: msg.fields.redelivered, deliveryCount: msg.properties.headers?.[Headers.deliveryCount] };
}

/** Declares the service's topology as the consumer will (so messages can wait in it before it starts). */
async function declare(ch: amqp.Channel, queue: string, queueType: QueueType) {
  await assertConsumerTopology(ch, { exchange: h.exchange, queue, routingKeys: ["payment.approved"], retryDelaysMs: [50], queueType });
}

describe("Consumer: messages that crash the process", () => {
  it("when a message on a quorum queue kills the consuming process every time, then after maxAttempts deliveries it is parked with the redelivery count while the others keep flowing", async () => {
    // each "process" is a connection through its own proxy; the poison's handler cuts it, which to
    // the broker looks exactly like a process dying mid-handler (TCP reset, delivery unacked)
    const proxy = await h.proxy();
    const conn = await h.connection({ url: proxy.rewriteUrl(AMQP_URL), queueType: "quorum" }).connect();
    const poison = paymentApproved({ reservationId: "rsv_crash" });
    const crashes: { attempt: number; deliveryCount: number }[] = [];
    const handledPoison: { attempt: number; deliveryCount: number }[] = [];
    const processed: string[] = [];
    let crashing = true;
    const consumer = h.consumer(conn, {
      service: "notification",
      prefetch: 5,
      maxAttempts: 3,
      handlers: {
        "payment.approved": async (event, ctx) => {
          if (event.id === poison.id && !crashing) {
            handledPoison.push({ attempt: ctx.attempt, deliveryCount: ctx.deliveryCount });
            return;
          }
          if (event.id === poison.id) {
            crashes.push({ attempt: ctx.attempt, deliveryCount: ctx.deliveryCount });
            // the process dies a little later, mid-handler (the other handlers have finished) …
            setTimeout(() => {
              proxy.cut();
              setTimeout(() => proxy.restore(), 50); // … and is restarted
            }, 100);
            await sleep(300);
            return; // too late: its channel is gone, the ack goes nowhere
          }
          processed.push(event.id);
        },
      },
    });
    await consumer.start();
    const ch = await h.rawChannel();
    // it really is a quorum queue: redeclaring it as classic is refused
    const asClassic = {
      durable: true,
      deadLetterExchange: "",
      deadLetterRoutingKey: consumer.names.dlq,
      arguments: { "x-queue-type": "classic" },
    };
    await expect((await h.rawChannel()).assertQueue(consumer.queue, asClassic)).rejects.toThrow(/PRECONDITION_FAILED.*x-queue-type/);

    const direct = await h.connection().connect();
    const publisher = new Publisher(direct);
    await publisher.publish(poison);
    const others = Array.from({ length: 6 }, () => paymentApproved());
    for (const e of others) {
      await publisher.publish(e);
      await sleep(40); // spread over the crash loop
    }

    await waitFor(async () => (await queueDepth(ch, consumer.names.dlq)) === 1, { timeoutMs: 15_000, description: "poison parked" });
    // the handler got it maxAttempts times, each a redelivery of the last, then never again
    expect(crashes).toEqual([
      { attempt: 1, deliveryCount: 0 },
      { attempt: 2, deliveryCount: 1 },
      { attempt: 3, deliveryCount: 2 },
    ]);
    await waitFor(() => others.every((e) => processed.includes(e.id)), { timeoutMs: 10_000, description: "others processed" });
    expect(new Set(processed)).toEqual(new Set(others.map((e) => e.id)));
    await waitFor(async () => (await queueDepth(ch, consumer.queue)) === 0);
    expect(crashes).toHaveLength(3);

    const [parked, ...more] = await listDeadLetters(consumer.queue, { url: AMQP_URL });
    expect(more).toEqual([]);
    expect(parked).toMatchObject({ eventId: poison.id, type: "payment.approved", attempts: 3, reason: "redelivery-limit" });
    expect(parked!.lastError).toBe("redelivered 3 times without an ack (process crash or lost connection?)");
    expect(conn.isReady()).toBe(true);

    // listing returned it to the (quorum) DLQ once, so the DLQ copy now carries x-delivery-count;
    // a replay must not carry that over, or the replayed message would look crash-looped again
    crashing = false; // the bug is fixed
    expect(await replayDeadLetters(consumer.queue, { url: AMQP_URL, ids: [poison.id] })).toHaveLength(1);
    await waitFor(() => handledPoison.length === 1, { description: "replayed message handled" });
    expect(handledPoison).toEqual([{ attempt: 1, deliveryCount: 0 }]);
    expect(crashes).toHaveLength(3);
    expect(await queueDepth(ch, consumer.names.dlq)).toBe(0);
  });

  it("when a message crashed the process once and then its handler throws, then both count toward maxAttempts and the retry copies carry no stale delivery count", async () => {
    const ch = await h.rawChannel();
    const conn = await h.connection({ queueType: "quorum" }).connect();
    const queue = conn.queueName("billing");
    await declare(ch, queue, "quorum");
    const event = paymentApproved();
    await new Publisher(conn).publish(event);
    expect(await crashOnNextMessage(queue)).toEqual({ redelivered: false, deliveryCount: undefined });

    const seen: { attempt: number; deliveryCount: number; redelivered: boolean; header: unknown }[] = [];
    const consumer = h.consumer(conn, {
      service: "billing",
      maxAttempts: 4,
      handlers: {
        "payment.approved": (_e, ctx) => {
          const header = ctx.headers[Headers.deliveryCount];
          seen.push({ attempt: ctx.attempt, deliveryCount: ctx.deliveryCount, redelivered: ctx.redelivered, header });
          throw new Error("ledger locked");
        },
      },
    });
    await consumer.start();

    await waitFor(async () => (await queueDepth(ch, consumer.names.dlq)) === 1, { description: "parked after 4 attempts" });
    // attempt 2 = the crash + this delivery; 3 and 4 are retry copies: fresh messages without the
    // broker's header (a quorum queue leaves a copied one in place on a first delivery)
    expect(seen).toEqual([
      { attempt: 2, deliveryCount: 1, redelivered: true, header: 1 },
      { attempt: 3, deliveryCount: 0, redelivered: false, header: undefined },
      { attempt: 4, deliveryCount: 0, redelivered: false, header: undefined },
    ]);
    const msg = await ch.get(consumer.names.dlq, { noAck: true });
    if (!msg) throw new Error("expected a parked message");
    expect(msg.properties.headers).toMatchObject({
      [Headers.attempt]: 4,
      [Headers.parkedReason]: "max-attempts",
      [Headers.lastError]: "ledger locked",
    });
  });

  it("when the queue is a classic queue, then a redelivery carries no count and a crash-looping message is handed to the handler again (the documented limit)", async () => {
    const ch = await h.rawChannel();
    const conn = await h.connection({ queueType: "classic" }).connect();
    const queue = conn.queueName("reporting");
    await declare(ch, queue, "classic");
    const event = paymentApproved();
    await new Publisher(conn).publish(event);
    const crashes = [];
    for (let i = 0; i < 3; i++) crashes.push(await crashOnNextMessage(queue));
    expect(crashes).toEqual([
      { redelivered: false, deliveryCount: undefined },
      { redelivered: true, deliveryCount: undefined },
      { redelivered: true, deliveryCount: undefined },
    ]);

    const seen: { attempt: number; redelivered: boolean }[] = [];
    const consumer = h.consumer(conn, {
      service: "reporting",
      maxAttempts: 2,
      handlers: { "payment.approved": (_e, ctx) => void seen.push({ attempt: ctx.attempt, redelivered: ctx.redelivered }) },
    });
    await consumer.start();
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ attempt: 1, redelivered: true }]);
    await waitFor(async () => (await queueDepth(ch, queue)) === 0);
    expect(await queueDepth(ch, consumer.names.dlq)).toBe(0);
  });
});
