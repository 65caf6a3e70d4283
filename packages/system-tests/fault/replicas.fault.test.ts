/**
 * Two replicas of every service at once, as in production: competing consumers on each queue, two
 * outbox relays per database, two expiry jobs and two reconciliation jobs. The second gateway routes
 * to the second replicas, and the test spreads its requests over both gateways.
 */
import { waitFor } from "@preprint/test-support";
import { Api, makePdf, startSystem, type RunningSystem } from "../src";
import { freeSlots, payInSandbox, portonePayment, signUp, uploadPdf, waitForStatus, type Customer } from "../test/helpers";
import * as f from "./support";

let sys: RunningSystem;
let gateways: Api[];
let slotIds: string[];
const gw = (i: number) => gateways[i % 2];

beforeAll(async () => {
  sys = await startSystem({
    appEnv: {
      payment: {
        RECONCILE_INTERVAL_MS: "300",
        RECONCILE_PENDING_AFTER_MS: "1000",
        // longer than one attempt's worst case at the system's 5 s PortOne timeout, as start-up demands
        RECONCILE_LEASE_MS: "45000",
        REFUND_RETRY_AFTER_MS: "1000",
      },
    },
  });
  const reservation2 = await f.replica(sys, "reservation");
  const payment2 = await f.replica(sys, "payment", { RESERVATION_URL: reservation2.url });
  const notification2 = await f.replica(sys, "notification");
  const gateway2 = await f.replica(sys, "gateway", {
    RESERVATION_URL: reservation2.url,
    PAYMENT_URL: payment2.url,
    NOTIFICATION_URL: notification2.url,
  });
  gateways = [new Api(sys.baseUrl), new Api(gateway2.url)];
  slotIds = (await freeSlots(gateways[0], sys.demo.storeId)).map((s) => s.id);
}, 180_000);

afterAll(async () => {
  if (sys) await f.sandboxFaults(sys, "clear").catch(() => undefined);
  f.dumpOutputs(sys, __filename);
  await sys?.stop();
});

const confirmed: { id: string; paymentId: string; customer: Customer; total: number }[] = [];

test("when 200 reservations race for the 10 places of a slot through two gateways, then exactly 10 win and the slot is never oversold", async () => {
  const slot = slotIds[0];
  const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp(gw(i), `경쟁${i}`)));
  // 60 pages: the demo store's 600-page slot has room for exactly 10
  const pdf = await makePdf(60);
  const uploads = await Promise.all(
    customers.map((c, i) =>
      gw(i)
        .upload("/api/uploads", c.token, pdf, "60쪽.pdf")
        .then((r) => r.body.id as string),
    ),
  );
  const attempts = customers.flatMap((c, i) => Array.from({ length: 10 }, (_, k) => ({ c, uploadId: uploads[i], api: gw(i + k) })));
  const results = await Promise.all(
    attempts.map(({ c, uploadId, api }) =>
      api
        .post(
          "/api/reservations",
          { storeId: sys.demo.storeId, slotId: slot, items: [{ uploadId, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
          { token: c.token },
        )
        .then((res) => ({ res, c })),
    ),
  );
  const statuses = results.reduce<Record<string, number>>(
    (m, { res }) => ({
      ...m,
      [`${res.status} ${res.body?.code ?? res.body?.status}`]: (m[`${res.status} ${res.body?.code ?? res.body?.status}`] ?? 0) + 1,
    }),
    {},
  );
  expect(statuses).toEqual({ "201 PENDING_PAYMENT": 10, "409 SLOT_FULL": 190 });
  const [row] = await f.sql(sys, "reservation", `SELECT capacity, reserved FROM slots WHERE id = $1`, [slot]);
  expect(row).toEqual({ capacity: 600, reserved: 600 });
  const listed = (
    await gw(1).get(
      `/api/stores/${sys.demo.storeId}/slots?date=${(await f.sql(sys, "reservation", `SELECT to_char(starts_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS d FROM slots WHERE id = $1`, [slot]))[0].d}`,
    )
  ).body;
  expect(listed.find((s: any) => s.id === slot)?.remaining ?? 0).toBe(0);

  // all ten pay, half through each gateway; the webhooks reach gateway 1, the browsers' completes gateway 2
  const winners = results.filter(({ res }) => res.status === 201);
  await Promise.all(
    winners.map(async ({ res, c }, i) => {
      const paymentId = await f.checkout(gw(i), c, res.body.id);
      expect((await payInSandbox(sys, paymentId)).status).toBe(200);
      if (i % 2) await gw(1).post(`/api/payments/${paymentId}/complete`, {}, { token: c.token });
      confirmed.push({ id: res.body.id, paymentId, customer: c, total: res.body.totalAmount });
    }),
  );
  for (const b of confirmed) {
    await waitForStatus(gw(0), b.customer, b.id, "CONFIRMED", 30_000);
    expect(await f.transitions(sys, b.id)).toMatchObject({ CONFIRMED: 1 });
    expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", b.paymentId)).toBe(1);
    expect(await f.outboxCount(sys, "reservation", "reservation.confirmed", "reservationId", b.id)).toBe(1);
  }
  await waitFor(
    async () => (await Promise.all(confirmed.map((b) => f.notificationCount(sys, "reservation.confirmed", b.id)))).every((n) => n >= 1),
    { timeoutMs: 15_000 },
  );
  for (const b of confirmed) expect(await f.notificationCount(sys, "reservation.confirmed", b.id)).toBe(1);
});

test("when two expiry jobs see the same lapsed holds, then each reservation expires once and its capacity comes back once", async () => {
  const c = await signUp(gw(0), "만료");
  const uploadId = await uploadPdf(gw(0), c.token, 5);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await f.book(gw(i), c, sys.demo.storeId, slotIds[1], uploadId)).id);
  const [held] = await f.sql(sys, "reservation", `SELECT reserved FROM slots WHERE id = $1`, [slotIds[1]]);
  expect(held.reserved).toBe(15);
  // the hold's minimum is one minute; move the deadline instead of waiting for it
  await f.sql(sys, "reservation", `UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1)`, [ids]);
  for (const id of ids) await waitForStatus(gw(1), c, id, "EXPIRED", 20_000);
  for (const id of ids) {
    expect(await f.transitions(sys, id)).toMatchObject({ EXPIRED: 1 });
    expect(await f.outboxCount(sys, "reservation", "reservation.expired", "reservationId", id)).toBe(1);
  }
  const [after] = await f.sql(sys, "reservation", `SELECT reserved FROM slots WHERE id = $1`, [slotIds[1]]);
  expect(after.reserved).toBe(0);
  await waitFor(
    async () => (await Promise.all(ids.map((id) => f.notificationCount(sys, "reservation.expired", id)))).every((n) => n === 1),
    { timeoutMs: 15_000, description: "one expiry notification each" },
  );
});

test("when three customers cancel with two payment replicas consuming refund.requested, then PortOne cancels each payment exactly once", async () => {
  const cancelled = confirmed.slice(0, 3);
  for (const [i, b] of cancelled.entries()) {
    const res = await gw(i).post(`/api/reservations/${b.id}/cancel`, { reason: "중복 예약" }, { token: b.customer.token });
    expect(res.status).toBe(200);
    expect(res.body.reservation.status).toBe("CANCEL_REQUESTED");
  }
  for (const b of cancelled) {
    await waitForStatus(gw(0), b.customer, b.id, "REFUNDED", 30_000);
    const at = await portonePayment(sys, b.paymentId);
    expect(at.body.cancellations).toHaveLength(1);
    expect(at.body.amount.cancelled).toBe(b.total);
    expect(await f.sql(sys, "payment", `SELECT status FROM refunds WHERE payment_id = $1`, [b.paymentId])).toEqual([
      { status: "SUCCEEDED" },
    ]);
    expect(await f.outboxCount(sys, "payment", "refund.completed", "paymentId", b.paymentId)).toBe(1);
    expect(await f.transitions(sys, b.id)).toMatchObject({ REFUNDED: 1 });
  }
});

test("when two reconciliation jobs find the same abandoned payment, then it is approved once", async () => {
  const c = await signUp(gw(1), "재조정");
  const uploadId = await uploadPdf(gw(1), c.token, 2);
  const r = await f.book(gw(1), c, sys.demo.storeId, slotIds[2], uploadId);
  const paymentId = await f.checkout(gw(1), c, r.id);
  await f.sandboxFaults(sys, { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
  expect((await payInSandbox(sys, paymentId)).status).toBe(200);
  // no webhook, no browser: only the jobs
  await waitForStatus(gw(0), c, r.id, "CONFIRMED", 30_000);
  expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", paymentId)).toBe(1);
  expect(await f.transitions(sys, r.id)).toMatchObject({ CONFIRMED: 1 });
  const [p] = await f.sql(sys, "payment", `SELECT status FROM payments WHERE id = $1`, [paymentId]);
  expect(p.status).toBe("APPROVED");
});

test("when the replicas have done their work, then all ten processes (printing included) are ready and the money invariant checker finds nothing", async () => {
  expect(sys.apps).toHaveLength(10);
  await f.expectAllReady(sys);
  const result = await f.expectNoMoneyFindings(sys);
  expect(result.counts.payments).toBe(11);
});
