import type { AnyEvent } from "@preprint/contracts";
import { handleOncePg, Headers, listDeadLetters, Publisher, runCli } from "../src";
import { AMQP_URL, countEffects, Harness, paymentApproved, queueDepth, sleep, waitFor } from "./harness";

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(() => h.dispose());

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { AMQP_URL } } };
}

describe("Consumer", () => {
  it("when the same event is delivered twice, then the second delivery changes nothing", async () => {
    const { pool } = await h.database();
    const conn = await h.connection().connect();
    const deliveries: { id: string; duplicate: boolean }[] = [];
    await h
      .consumer(conn, {
        service: "billing",
        prefetch: 1,
        handlers: {
          "payment.approved": async (event) => {
            const r = await handleOncePg(pool, "billing", event.id, (c) =>
              c.query("INSERT INTO effects (event_id, consumer) VALUES ($1, 'billing')", [event.id]),
            );
            deliveries.push({ id: event.id, duplicate: r.duplicate });
          },
        },
      })
      .start();
    const event = paymentApproved();
    const publisher = new Publisher(conn);
    await publisher.publish(event);
    await publisher.publish(event);

    await waitFor(() => deliveries.length === 2);
    expect(deliveries).toEqual([
      { id: event.id, duplicate: false },
      { id: event.id, duplicate: true },
    ]);
    expect(await countEffects(pool, event.id)).toBe(1);
  });

  it("when a handler keeps throwing, then it is retried with back-off and parked after N attempts while other messages flow, and the DLQ CLI replays it once fixed", async () => {
    const conn = await h.connection().connect();
    const poison = paymentApproved({ reservationId: "rsv_poison" });
    const attempts: { attempt: number; at: number; lastError?: unknown }[] = [];
    const processed: { id: string; at: number }[] = [];
    let broken = true;
    const consumer = h.consumer(conn, {
      service: "notification",
      prefetch: 5,
      maxAttempts: 3,
      retryDelaysMs: [150, 300],
      handlers: {
        "payment.approved": async (event, ctx) => {
          if (event.id === poison.id) {
            attempts.push({ attempt: ctx.attempt, at: Date.now(), lastError: ctx.headers[Headers.lastError] });
            if (broken) throw new Error("SMTP relay refused: 554 blocked");
          }
          processed.push({ id: event.id, at: Date.now() });
        },
      },
    });
    await consumer.start();
    const publisher = new Publisher(conn);
    await publisher.publish(poison);
    const others = Array.from({ length: 5 }, () => paymentApproved());
    for (const e of others) await publisher.publish(e);

    const ch = await h.rawChannel();
    await waitFor(async () => (await queueDepth(ch, consumer.names.dlq)) === 1, { timeoutMs: 5_000, description: "poison parked" });
    const parkedAt = Date.now();

    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // back-off: the configured delay between attempts (TTL expiry is checked lazily, so allow late)
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(140);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(290);
    expect(attempts[1]!.lastError).toContain("554 blocked");
    // the others were not blocked behind the poison message: all were done before its last attempt
    // (compared with the last attempt, not the second, so a loaded CI machine doesn't make it flaky)
    expect(processed.map((p) => p.id).sort()).toEqual(others.map((e) => e.id).sort());
    expect(Math.max(...processed.map((p) => p.at))).toBeLessThanOrEqual(attempts[2]!.at);
    expect(await queueDepth(ch, consumer.queue)).toBe(0);

    const [parked] = await listDeadLetters(consumer.queue, { url: AMQP_URL });
    expect(parked).toMatchObject({ eventId: poison.id, type: "payment.approved", attempts: 3, reason: "max-attempts" });
    expect(parked!.lastError).toContain("554 blocked");

    const list = captureIo();
    expect(await runCli(["list", "--queue", consumer.queue], list.io)).toBe(0);
    expect(list.out.join("\n")).toMatch(new RegExp(`${poison.id}\\s+payment\\.approved\\s+attempts=3.*554 blocked`));
    // list leaves the message where it is
    await waitFor(async () => (await queueDepth(ch, consumer.names.dlq)) === 1);
    await sleep(Math.max(0, 100 - (Date.now() - parkedAt)));
    expect(attempts).toHaveLength(3);

    broken = false; // the cause is fixed
    const replay = captureIo();
    expect(await runCli(["replay", "--queue", consumer.queue, "--id", poison.id], replay.io)).toBe(0);
    expect(replay.out.at(-1)).toBe(`1 message(s) replayed to ${consumer.queue}`);

    await waitFor(() => processed.some((p) => p.id === poison.id), { description: "replayed event processed" });
    expect(attempts.at(-1)!.attempt).toBe(1); // attempts reset by the replay
    expect(await queueDepth(ch, consumer.names.dlq)).toBe(0);
  });

  it("when a consumed message fails its schema, then it is parked at once with the field named and the handler never runs", async () => {
    const conn = await h.connection().connect();
    const calls: string[] = [];
    const consumer = h.consumer(conn, {
      service: "notification",
      maxAttempts: 5,
      handlers: { "payment.approved": (e) => void calls.push(e.id) },
    });
    await consumer.start();
    const ch = await h.rawChannel();
    const bad = { ...paymentApproved(), data: { ...paymentApproved().data, amount: -3 } };
    ch.publish(h.exchange, "payment.approved", Buffer.from(JSON.stringify(bad)), { messageId: bad.id, type: bad.type });
    const good = paymentApproved();
    await new Publisher(conn).publish(good);

    await waitFor(async () => (await queueDepth(ch, consumer.names.dlq)) === 1);
    const msg = await ch.get(consumer.names.dlq, { noAck: true });
    if (!msg) throw new Error("expected a parked message");
    expect(msg.properties.headers![Headers.parkedReason]).toBe("invalid");
    expect(msg.properties.headers![Headers.attempt]).toBe(1);
    expect(String(msg.properties.headers![Headers.lastError])).toContain("data.amount");
    expect(JSON.parse(msg.content.toString())).toEqual(bad);
    await waitFor(() => calls.length === 1);
    expect(calls).toEqual([good.id]);
  });

  it("when publishing an event that fails its schema, then publish throws naming the field and sends nothing", async () => {
    const conn = await h.connection().connect();
    const calls: string[] = [];
    await h.consumer(conn, { service: "notification", handlers: { "payment.approved": (e) => void calls.push(e.id) } }).start();
    const publisher = new Publisher(conn);
    const bad = { ...paymentApproved(), data: { ...paymentApproved().data, reservationId: "" } } as AnyEvent;
    await expect(publisher.publish(bad)).rejects.toThrow(/data\.reservationId/);
    const good = paymentApproved();
    await publisher.publish(good);
    await waitFor(() => calls.length === 1);
    await sleep(100);
    expect(calls).toEqual([good.id]);
  });

  it("when the connection is lost, then the consumer reconnects, re-declares its topology and resumes", async () => {
    const proxy = await h.proxy();
    const conn = await h.connection({ url: proxy.rewriteUrl(AMQP_URL) }).connect();
    const seen: string[] = [];
    const consumer = h.consumer(conn, { service: "notification", handlers: { "payment.approved": (e) => void seen.push(e.id) } });
    await consumer.start();
    const direct = await h.connection().connect();
    const publisher = new Publisher(direct);
    const before = paymentApproved();
    await publisher.publish(before);
    await waitFor(() => seen.length === 1);

    proxy.cut();
    await waitFor(() => !conn.isReady());
    const during = paymentApproved();
    await publisher.publish(during); // waits in the durable queue
    await sleep(200);
    expect(seen).toEqual([before.id]);

    proxy.restore();
    await waitFor(() => seen.includes(during.id), { timeoutMs: 5_000, description: "message consumed after reconnect" });
    // at-least-once: `before` may come again if its ack was still in a socket buffer at the cut
    expect(new Set(seen)).toEqual(new Set([before.id, during.id]));
    expect(seen.filter((id) => id === during.id)).toHaveLength(1);
    expect(conn.isReady()).toBe(true);
    expect(proxy.connectionsAccepted).toBeGreaterThanOrEqual(2);
  });

  it("when stop() is called while a handler runs, then it waits for the handler and acks before closing", async () => {
    const conn = await h.connection().connect();
    let finished = false;
    const consumer = h.consumer(conn, {
      service: "slow",
      handlers: {
        "payment.approved": async () => {
          await sleep(300);
          finished = true;
        },
      },
    });
    await consumer.start();
    await new Publisher(conn).publish(paymentApproved());
    await waitFor(() => consumer.inFlightCount === 1);
    await consumer.stop();
    expect(finished).toBe(true);
    expect(consumer.inFlightCount).toBe(0);
    const ch = await h.rawChannel();
    // acked: not requeued when the channel closed
    expect(await queueDepth(ch, consumer.queue)).toBe(0);
  });
});
