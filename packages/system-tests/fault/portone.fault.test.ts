/**
 * PortOne misbehaving (5xx, timeouts, a lost cancel response), the browser giving up, webhooks that
 * are forged, replayed or stale, a tampered amount, and duplicate / late events on the broker.
 */
import { createHmac, randomBytes } from "node:crypto";
import amqp from "amqplib";
import { AMQP_URL, sleep, waitFor } from "@preprint/test-support";
import { Api, startSystem, type RunningSystem } from "../src";
import { freeSlots, payInSandbox, portonePayment, signUp, uploadPdf, waitForStatus, webhookHeaders, type Customer } from "../test/helpers";
import * as f from "./support";

let sys: RunningSystem;
let api: Api;
let customer: Customer;
let uploadId: string;
let slotIds: string[];
/** bookings the later tests reuse */
const booked: Record<string, { id: string; paymentId: string; total: number }> = {};

beforeAll(async () => {
  sys = await startSystem({
    appEnv: {
      payment: {
        // reconciliation and refund retries within seconds, PortOne calls give up after 1.5 s; the
        // lease outlasts one attempt's worst case at that timeout (4 rounds × 2 calls), as start-up demands
        RECONCILE_INTERVAL_MS: "500",
        RECONCILE_PENDING_AFTER_MS: "1500",
        RECONCILE_LEASE_MS: "15000",
        REFUND_RETRY_AFTER_MS: "1000",
        PORTONE_TIMEOUT_MS: "1500",
      },
    },
  });
  api = new Api(sys.baseUrl);
  customer = await signUp(api, "결제장애");
  uploadId = await uploadPdf(api, customer.token, 3);
  slotIds = (await freeSlots(api, sys.demo.storeId)).map((s) => s.id);
}, 180_000);

afterAll(async () => {
  if (sys) await f.sandboxFaults(sys, "clear").catch(() => undefined);
  f.dumpOutputs(sys, __filename);
  await sys?.stop();
});

async function bookAndCheckout(slot: string) {
  const r = await f.book(api, customer, sys.demo.storeId, slot, uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  return { id: r.id, paymentId, total: r.totalAmount };
}

async function faultsLeft(): Promise<number> {
  const res = await fetch(`${sys.urls["portone-sandbox"]}/__sandbox/faults`);
  const body = await res.json();
  return body.rest.length + body.webhooks.length;
}

test("when PortOne answers 5xx or times out during complete and the browser gives up, then reconciliation confirms the booking once", async () => {
  const a = await bookAndCheckout(slotIds[0]);
  const b = await bookAndCheckout(slotIds[0]);
  await f.sandboxFaults(sys, {
    // the browser's return is all there is: no webhook
    webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 2 }],
    rest: [
      { kind: "error", status: 503, method: "GET", path: `^/payments/${a.paymentId}$`, times: 2 },
      { kind: "timeout", delayMs: 3000, method: "GET", path: `^/payments/${b.paymentId}$`, times: 1 },
    ],
  });
  for (const x of [a, b]) expect((await payInSandbox(sys, x.paymentId)).status).toBe(200);
  const completeA = await api.post(`/api/payments/${a.paymentId}/complete`, {}, { token: customer.token });
  const completeB = await api.post(`/api/payments/${b.paymentId}/complete`, {}, { token: customer.token });
  expect([completeA.status, completeA.body.status]).toEqual([200, "PENDING"]);
  expect([completeB.status, completeB.body.status]).toEqual([200, "PENDING"]);
  // the browser is gone; nobody calls complete again
  for (const x of [a, b]) {
    await waitForStatus(api, customer, x.id, "CONFIRMED", 30_000);
    expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", x.paymentId)).toBe(1);
    expect(await f.transitions(sys, x.id)).toMatchObject({ CONFIRMED: 1 });
  }
  expect(await faultsLeft()).toBe(0);
  booked.a = a;
  booked.b = b;
});

test("when PortOne fails a cancel with 5xx and then loses the answer of a slow one, then the refund is retried and PortOne cancels exactly once", async () => {
  const a = booked.a;
  await f.sandboxFaults(sys, {
    rest: [
      { kind: "error", status: 500, method: "POST", path: `^/payments/${a.paymentId}/cancel$`, times: 1 },
      // served normally after 2.5 s, but the payment service stopped waiting at 1.5 s
      { kind: "delay", delayMs: 2500, method: "POST", path: `^/payments/${a.paymentId}/cancel$`, times: 1 },
    ],
  });
  const cancel = await api.post(`/api/reservations/${a.id}/cancel`, { reason: "일정 변경" }, { token: customer.token });
  expect(cancel.status).toBeLessThan(300);
  expect(cancel.body.reservation.status).toBe("CANCEL_REQUESTED");
  expect(cancel.body.refundAmount).toBe(a.total);
  await waitForStatus(api, customer, a.id, "REFUNDED", 45_000);
  const at = await portonePayment(sys, a.paymentId);
  expect(at.body.status).toBe("CANCELLED");
  expect(at.body.cancellations).toHaveLength(1);
  expect(at.body.amount.cancelled).toBe(a.total);
  const refunds = await f.sql(sys, "payment", `SELECT status, amount, attempts FROM refunds WHERE payment_id = $1`, [a.paymentId]);
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({ status: "SUCCEEDED", amount: a.total });
  expect(refunds[0].attempts).toBeGreaterThanOrEqual(2);
  expect(await faultsLeft()).toBe(0);
  await waitFor(async () => (await f.notificationCount(sys, "refund.completed", a.id)) === 1, {
    timeoutMs: 15_000,
    description: "refund notification",
  });
});

/** Standard Webhooks headers with a chosen timestamp (seconds). */
function signedAt(secret: string, body: string, id: string, ts: number): Record<string, string> {
  const sig = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
    .update(`${id}.${ts}.${body}`)
    .digest("base64");
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `v1,${sig}` };
}

test("when webhooks are forged, stale or replayed, then only the genuine one counts and it counts once", async () => {
  const c = await bookAndCheckout(slotIds[1]);
  await f.sandboxFaults(sys, { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
  expect((await payInSandbox(sys, c.paymentId)).status).toBe(200);
  const transactionId = (await portonePayment(sys, c.paymentId)).body.transactionId;
  const body = JSON.stringify({
    type: "Transaction.Paid",
    timestamp: new Date().toISOString(),
    data: { paymentId: c.paymentId, storeId: sys.portoneStoreId, transactionId },
  });
  const hook = (headers: Record<string, string>, raw = body) =>
    fetch(`${sys.baseUrl}/api/payments/webhooks/portone`, { method: "POST", headers, body: raw });
  const receipts = async (id: string) =>
    (await f.sql(sys, "payment", `SELECT processed_at FROM webhook_receipts WHERE id = $1`, [id])).length;

  const forgedId = `msg_${randomBytes(6).toString("hex")}`;
  const forged = await hook(webhookHeaders(`whsec_${randomBytes(32).toString("base64")}`, body, forgedId));
  expect(forged.status).toBe(400);
  expect(forged.headers.get("content-type")).toContain("application/problem+json");
  expect((await forged.json()).code).toBe("WEBHOOK_SIGNATURE_INVALID");
  const staleId = `msg_${randomBytes(6).toString("hex")}`;
  const stale = await hook(signedAt(sys.secrets.portoneWebhook, body, staleId, Math.floor(Date.now() / 1000) - 600));
  expect(stale.status).toBe(400);
  expect((await stale.json()).code).toBe("WEBHOOK_SIGNATURE_INVALID");
  // a genuine signature over a tampered body
  const tamperedId = `msg_${randomBytes(6).toString("hex")}`;
  const tampered = await hook(webhookHeaders(sys.secrets.portoneWebhook, body, tamperedId), body.replace(c.paymentId, booked.b.paymentId));
  expect(tampered.status).toBe(400);
  for (const id of [forgedId, staleId, tamperedId]) expect(await receipts(id)).toBe(0);

  const genuineHeaders = webhookHeaders(sys.secrets.portoneWebhook, body);
  const genuine = await hook(genuineHeaders);
  expect(genuine.status).toBe(200);
  const replay = await hook(genuineHeaders);
  expect(replay.status).toBe(200);
  expect(await replay.json()).toMatchObject({ duplicate: true });
  expect(await receipts(genuineHeaders["webhook-id"])).toBe(1);
  await waitForStatus(api, customer, c.id, "CONFIRMED", 20_000);
  expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", c.paymentId)).toBe(1);
  expect(await f.transitions(sys, c.id)).toMatchObject({ CONFIRMED: 1 });
});

test("when the customer pays a tampered amount, then the payment fails, PortOne gives the money back and the booking is not confirmed", async () => {
  const d = await bookAndCheckout(slotIds[2]);
  const paid = await payInSandbox(sys, d.paymentId, { totalAmount: 100, enforcePreRegistered: false });
  expect(paid.status).toBe(200);
  const complete = await api.post(`/api/payments/${d.paymentId}/complete`, {}, { token: customer.token });
  expect(complete.status).toBe(200);
  expect(complete.body.status).toBe("FAILED");
  await waitFor(async () => (await portonePayment(sys, d.paymentId)).body.status === "CANCELLED", {
    timeoutMs: 15_000,
    description: "voided at PortOne",
  });
  expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", d.paymentId)).toBe(0);
  expect(await f.outboxCount(sys, "payment", "payment.failed", "paymentId", d.paymentId)).toBe(1);
  await sleep(500);
  expect((await api.get(`/api/reservations/${d.id}`, { token: customer.token })).body.status).toBe("PENDING_PAYMENT");
});

test("when events are duplicated or arrive late and out of order, then nothing is applied twice and no state goes backwards", async () => {
  const a = booked.a; // REFUNDED
  const b = booked.b; // CONFIRMED
  const envelope = async (db: f.Db, type: string, key: "paymentId" | "reservationId", value: string) =>
    (await f.sql(sys, db, `SELECT payload FROM outbox_events WHERE type = $1 AND payload->'data'->>$2 = $3`, [type, key, value]))[0]
      .payload;
  const approvedB = await envelope("payment", "payment.approved", "paymentId", b.paymentId);
  const confirmedB = await envelope("reservation", "reservation.confirmed", "reservationId", b.id);
  const approvedA = await envelope("payment", "payment.approved", "paymentId", a.paymentId);
  const refundedA = await envelope("payment", "refund.completed", "paymentId", a.paymentId);
  // an older failed attempt for B (another payment id), delivered after B's approval; shaped like a real one
  const [failedShape] = await f.sql(sys, "payment", `SELECT payload FROM outbox_events WHERE type = 'payment.failed' LIMIT 1`);
  const lateFailure = {
    ...failedShape.payload,
    id: `late-${randomBytes(8).toString("hex")}`,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    data: { ...failedShape.payload.data, reservationId: b.id, paymentId: `pay${randomBytes(8).toString("hex")}` },
  };
  const before = {
    a: await f.sql(sys, "reservation", `SELECT status, refunded_amount, paid_amount FROM reservations WHERE id = $1`, [a.id]),
    aRefunds: await f.sql(sys, "reservation", `SELECT count(*)::int AS n FROM refunds WHERE reservation_id = $1`, [a.id]),
  };

  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    const send = (e: any) =>
      ch.publish(sys.names.exchange, e.type, Buffer.from(JSON.stringify(e)), {
        persistent: true,
        messageId: e.id,
        type: e.type,
        contentType: "application/json",
        headers: { "x-event-type": e.type, "x-event-version": e.version },
      });
    for (const e of [approvedB, approvedB, confirmedB, confirmedB, lateFailure, approvedA, refundedA, refundedA]) send(e);
    await ch.waitForConfirms();
    // every service queue drained (nothing ready, nothing unacked), then a moment for the last commits
    await waitFor(
      async () => {
        for (const q of ["reservation", "payment", "notification"]) {
          const info = await ch.checkQueue(`${sys.names.tag}.${q}`);
          if (info.messageCount > 0) return false;
        }
        return true;
      },
      { timeoutMs: 15_000, description: "queues drained" },
    );
    await sleep(1500);
    await ch.close();
  } finally {
    await conn.close();
  }
  expect(await f.transitions(sys, b.id)).toMatchObject({ CONFIRMED: 1 });
  expect(await f.notificationCount(sys, "reservation.confirmed", b.id)).toBe(1);
  const [bRow] = await f.sql(sys, "reservation", `SELECT status, last_payment_error FROM reservations WHERE id = $1`, [b.id]);
  expect(bRow).toEqual({ status: "CONFIRMED", last_payment_error: null });
  expect(await f.sql(sys, "reservation", `SELECT status, refunded_amount, paid_amount FROM reservations WHERE id = $1`, [a.id])).toEqual(
    before.a,
  );
  expect(await f.sql(sys, "reservation", `SELECT count(*)::int AS n FROM refunds WHERE reservation_id = $1`, [a.id])).toEqual(
    before.aRefunds,
  );
  expect(await f.notificationCount(sys, "refund.completed", a.id)).toBe(1);
  expect(
    await f.sql(sys, "reservation", `SELECT count(*)::int AS n FROM audit_log WHERE reservation_id = $1 AND to_status = 'CONFIRMED'`, [
      a.id,
    ]),
  ).toEqual([{ n: 1 }]);
  // the late failure was a new event and was consumed (inbox), yet changed nothing
  expect(await f.sql(sys, "reservation", `SELECT count(*)::int AS n FROM inbox_events WHERE event_id = $1`, [lateFailure.id])).toEqual([
    { n: 1 },
  ]);
});

test("when the faults are over, then the money invariant checker finds nothing", async () => {
  await f.expectAllReady(sys);
  const result = await f.expectNoMoneyFindings(sys);
  expect(result.counts.payments).toBe(4);
});
