/**
 * Broker and database faults under real traffic, with test-owned TCP proxies in front of the shared
 * RabbitMQ (one per service) and, for one scenario, in front of PostgreSQL for the reservation
 * service. The shared servers are never stopped, so other suites on this machine are not disturbed.
 */
import amqp from "amqplib";
import { AMQP_URL, sleep, TcpProxy, waitFor } from "@preprint/test-support";
import { Api, startSystem, type RunningSystem } from "../src";
import { freeSlots, payInSandbox, signUp, uploadPdf, waitForStatus, type Customer } from "../test/helpers";
import * as f from "./support";

const SERVICES = ["reservation", "payment", "notification"] as const;

let sys: RunningSystem;
let api: Api;
let customer: Customer;
let uploadId: string;
let slotIds: string[];
const brokerProxies = {} as Record<(typeof SERVICES)[number], TcpProxy>;
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  for (const s of SERVICES) {
    brokerProxies[s] = new TcpProxy({ targetPort: Number(new URL(AMQP_URL).port || 5672), targetHost: new URL(AMQP_URL).hostname });
    await brokerProxies[s].start();
    proxies.push(brokerProxies[s]);
  }
  sys = await startSystem({
    appEnv: Object.fromEntries(SERVICES.map((s) => [s, { AMQP_URL: brokerProxies[s].rewriteUrl(AMQP_URL) }])),
  });
  api = new Api(sys.baseUrl);
  customer = await signUp(api, "장애실험");
  uploadId = await uploadPdf(api, customer.token, 2);
  slotIds = (await freeSlots(api, sys.demo.storeId)).map((s) => s.id);
}, 180_000);

afterAll(async () => {
  // restore every cut first, whatever failed
  for (const p of proxies) p.restore();
  f.dumpOutputs(sys, __filename);
  await sys?.stop();
  for (const p of proxies) await p.close();
});

/** Books, checks out and pays one reservation; the sandbox's webhook settles it (or `complete` does). */
async function bookAndPay(slot: string, opts: { complete?: boolean } = {}): Promise<{ id: string; paymentId: string }> {
  const r = await f.book(api, customer, sys.demo.storeId, slot, uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  const paid = await payInSandbox(sys, paymentId);
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  if (opts.complete) await api.post(`/api/payments/${paymentId}/complete`, {}, { token: customer.token });
  return { id: r.id, paymentId };
}

async function expectAppliedOnce(b: { id: string; paymentId: string }) {
  expect(await f.transitions(sys, b.id)).toMatchObject({ CONFIRMED: 1 });
  expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", b.paymentId)).toBe(1);
  expect(await f.outboxCount(sys, "reservation", "reservation.confirmed", "reservationId", b.id)).toBe(1);
  await waitFor(async () => (await f.notificationCount(sys, "reservation.confirmed", b.id)) >= 1, {
    timeoutMs: 15_000,
    description: `confirmation notification ${b.id}`,
  });
  expect(await f.notificationCount(sys, "reservation.confirmed", b.id)).toBe(1);
}

test("when RabbitMQ is cut in the middle of bookings and comes back, then every paid reservation ends CONFIRMED and no event is applied twice", async () => {
  const before = await Promise.all([bookAndPay(slotIds[0]), bookAndPay(slotIds[0], { complete: true })]);
  const accepted = SERVICES.map((s) => brokerProxies[s].connectionsAccepted);
  const during: { id: string; paymentId: string }[] = [];
  try {
    for (const s of SERVICES) brokerProxies[s].cut();
    // bookings keep working over HTTP + PostgreSQL; their events wait in the outboxes
    during.push(
      await bookAndPay(slotIds[1], { complete: true }),
      await bookAndPay(slotIds[1]),
      await bookAndPay(slotIds[2], { complete: true }),
    );
    for (const b of during) {
      const [p] = await f.sql(sys, "payment", `SELECT status FROM payments WHERE id = $1`, [b.paymentId]);
      expect(p.status).toBe("APPROVED");
      expect((await api.get(`/api/reservations/${b.id}`, { token: customer.token })).body.status).toBe("PENDING_PAYMENT");
    }
    const pending = await f.sql(
      sys,
      "payment",
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'payment.approved' AND status = 'PENDING'`,
    );
    expect(pending[0].n).toBeGreaterThanOrEqual(during.length);
    await sleep(1500);
  } finally {
    for (const s of SERVICES) brokerProxies[s].restore();
  }
  for (const b of [...before, ...during]) await waitForStatus(api, customer, b.id, "CONFIRMED", 45_000);
  for (const b of [...before, ...during]) await expectAppliedOnce(b);
  // each service really lost its connection and reconnected through the proxy
  SERVICES.forEach((s, i) => expect(brokerProxies[s].connectionsAccepted).toBeGreaterThan(accepted[i]));
  await f.expectAllReady(sys);
});

test("when the reservation service's database connection drops under its consumer, then payment.approved is retried, not lost", async () => {
  const dbUrl = f.dbUrl(sys, "reservation");
  const pgProxy = new TcpProxy({ targetHost: new URL(dbUrl).hostname, targetPort: Number(new URL(dbUrl).port || 5432) });
  await pgProxy.start();
  proxies.push(pgProxy);
  await f.restart(sys, "reservation", { RESERVATION_DATABASE_URL: pgProxy.rewriteUrl(dbUrl) });
  const r = await f.book(api, customer, sys.demo.storeId, slotIds[3], uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  try {
    pgProxy.cut();
    const paid = await payInSandbox(sys, paymentId);
    expect(paid.status).toBe(200);
    // the payment side commits and publishes; the reservation consumer cannot reach its database
    await waitFor(async () => (await f.outboxCount(sys, "payment", "payment.approved", "paymentId", paymentId)) === 1, {
      timeoutMs: 15_000,
    });
    await waitFor(
      async () =>
        (
          await f.sql(
            sys,
            "payment",
            `SELECT status FROM outbox_events WHERE type = 'payment.approved' AND payload->'data'->>'paymentId' = $1`,
            [paymentId],
          )
        )[0]?.status === "SENT",
      { timeoutMs: 15_000, description: "payment.approved published" },
    );
    // the first delivery failed and went to the 1 s retry queue (or is being retried): nothing parked
    await sleep(2500);
    const conn = await amqp.connect(AMQP_URL);
    try {
      const ch = await conn.createChannel();
      const dlq = await ch.checkQueue(`${sys.names.tag}.reservation.dlq`);
      expect(dlq.messageCount).toBe(0);
      await ch.close();
    } finally {
      await conn.close();
    }
    const [row] = await f.sql(sys, "reservation", `SELECT status FROM reservations WHERE id = $1`, [r.id]);
    expect(row.status).toBe("PENDING_PAYMENT");
  } finally {
    pgProxy.restore();
  }
  // published before the database came back, applied after: the delivery was retried, not dropped
  await waitForStatus(api, customer, r.id, "CONFIRMED", 45_000);
  await expectAppliedOnce({ id: r.id, paymentId });
  const [event] = await f.sql(
    sys,
    "payment",
    `SELECT id FROM outbox_events WHERE type = 'payment.approved' AND payload->'data'->>'paymentId' = $1`,
    [paymentId],
  );
  const inbox = await f.sql(sys, "reservation", `SELECT consumer FROM inbox_events WHERE event_id = $1`, [event.id]);
  expect(inbox).toHaveLength(1);
  await f.expectAllReady(sys);
});

test("when the payment service is SIGKILLed after committing an approval but before publishing it, then the restarted service delivers the event", async () => {
  const r = await f.book(api, customer, sys.demo.storeId, slotIds[4], uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  try {
    // the relay cannot publish: the row stays PENDING in the outbox
    brokerProxies.payment.cut();
    const paid = await payInSandbox(sys, paymentId);
    expect(paid.status).toBe(200);
    const complete = await api.post(`/api/payments/${paymentId}/complete`, {}, { token: customer.token });
    expect(complete.status).toBe(200);
    expect(complete.body.status).toBe("APPROVED");
    const [row] = await f.sql(
      sys,
      "payment",
      `SELECT status FROM outbox_events WHERE type = 'payment.approved' AND payload->'data'->>'paymentId' = $1`,
      [paymentId],
    );
    expect(row.status).toBe("PENDING");
    await f.kill(sys, "payment");
  } finally {
    brokerProxies.payment.restore();
  }
  // dead: nothing moves
  await sleep(1000);
  expect((await api.get(`/api/reservations/${r.id}`, { token: customer.token })).body.status).toBe("PENDING_PAYMENT");
  await f.restart(sys, "payment");
  await waitForStatus(api, customer, r.id, "CONFIRMED", 30_000);
  await expectAppliedOnce({ id: r.id, paymentId });
  await f.expectAllReady(sys);
});

test("when the faults are over, then the money invariant checker finds nothing", async () => {
  const result = await f.expectNoMoneyFindings(sys);
  expect(result.counts.payments).toBeGreaterThanOrEqual(7);
  expect(result.counts.portonePayments).toBe(result.counts.payments);
});
