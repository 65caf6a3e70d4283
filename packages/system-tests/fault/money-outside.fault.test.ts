/**
 * Money that moves outside the app's own flow, across the whole system: refunds made in PortOne's
 * console, a refund whose cancel answer is lost (with a reason longer than PortOne's memo), a
 * payment landing on a reservation the customer cancelled, and a paid payment id we never issued.
 * Two payment processes run on one database throughout. Ends with the money invariant checker.
 */
import { randomBytes } from "node:crypto";
import { waitFor } from "@preprint/test-support";
import { Api, startSystem, type RunningSystem } from "../src";
import { freeSlots, payInSandbox, portonePayment, signUp, uploadPdf, waitForStatus, type Customer } from "../test/helpers";
import * as f from "./support";

let sys: RunningSystem;
let api: Api;
let customer: Customer;
let staffToken: string;
let uploadId: string;
let slotIds: string[];

beforeAll(async () => {
  sys = await startSystem({
    appEnv: {
      payment: {
        RECONCILE_INTERVAL_MS: "500",
        RECONCILE_PENDING_AFTER_MS: "1500",
        REFUND_RETRY_AFTER_MS: "1000",
        PORTONE_TIMEOUT_MS: "1500",
        RECONCILE_LEASE_MS: "15000",
      },
    },
  });
  // a second payment process on the same database: webhooks, refunds and reconciliation race across both
  await f.replica(sys, "payment");
  api = new Api(sys.baseUrl);
  customer = await signUp(api, "외부환불");
  uploadId = await uploadPdf(api, customer.token, 3);
  slotIds = (await freeSlots(api, sys.demo.storeId)).map((s) => s.id);
  staffToken = (await api.post("/api/auth/login", { email: sys.demo.staffEmail, password: sys.demo.password })).body.accessToken;
}, 180_000);

afterAll(async () => {
  if (sys) await f.sandboxFaults(sys, "clear").catch(() => undefined);
  f.dumpOutputs(sys, __filename);
  await sys?.stop();
});

const sandbox = (path: string, body: unknown) => new Api(sys.urls["portone-sandbox"]).post(path, body);

async function paidBooking(slot: string) {
  const r = await f.book(api, customer, sys.demo.storeId, slot, uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  expect((await payInSandbox(sys, paymentId)).status).toBe(200);
  const confirmed = await waitForStatus(api, customer, r.id, "CONFIRMED");
  return { id: r.id, paymentId, total: r.totalAmount, pickupCode: confirmed.pickupCode as string };
}

test("when the merchant refunds part and then the rest in PortOne's console, then the reservation shows the partial refund, ends REFUNDED with its pickup code void, and the customer is told each time", async () => {
  const b = await paidBooking(slotIds[0]);
  expect((await sandbox(`/__sandbox/payments/${b.paymentId}/cancel`, { amount: 100, reason: "콘솔 부분 환불" })).status).toBe(200);
  await waitFor(async () => (await api.get(`/api/reservations/${b.id}`, { token: customer.token })).body.refundedAmount === 100, {
    timeoutMs: 20_000,
    description: "partial refund shown",
  });
  const partial = (await api.get(`/api/reservations/${b.id}`, { token: customer.token })).body;
  expect(partial).toMatchObject({ status: "CONFIRMED", pickupCode: b.pickupCode });

  expect((await sandbox(`/__sandbox/payments/${b.paymentId}/cancel`, { reason: "콘솔 전액 환불" })).status).toBe(200);
  const refunded = await waitForStatus(api, customer, b.id, "REFUNDED");
  expect(refunded).toMatchObject({ refundedAmount: b.total });
  expect(refunded.pickupCode ?? null).toBeNull();
  expect((await api.get(`/api/payments/${b.paymentId}`, { token: customer.token })).body).toMatchObject({
    status: "APPROVED",
    refundStatus: "FULL",
    refundableAmount: 0,
  });
  await waitFor(async () => (await f.notificationCount(sys, "refund.completed", b.id)) === 2, {
    timeoutMs: 20_000,
    description: "two refund notifications",
  });
  const alerts = await api.get(`/api/staff/alerts?storeId=${sys.demo.storeId}`, { token: staffToken });
  const mine = (Array.isArray(alerts.body) ? alerts.body : alerts.body.alerts).filter((a: any) => a.reservationId === b.id);
  expect(mine.map((a: any) => a.kind)).toEqual(["EXTERNAL_REFUND", "EXTERNAL_REFUND"]);
});

test("when a staff refund with a 230-character reason loses its first cancel answer while two payment replicas retry, then PortOne cancels once and every service agrees", async () => {
  const b = await paidBooking(slotIds[1]);
  await f.sandboxFaults(sys, { rest: [{ kind: "lose-response", path: `^/payments/${b.paymentId}/cancel$`, times: 1 }] });
  const reason = "인쇄 품질 불량으로 일부 환불: ".padEnd(230, "가");
  const res = await api.post(`/api/staff/reservations/${b.id}/refund`, { amount: 200, reason }, { token: staffToken });
  expect(res.status).toBe(202);
  await waitFor(async () => (await api.get(`/api/reservations/${b.id}`, { token: customer.token })).body.refundedAmount === 200, {
    timeoutMs: 20_000,
    description: "refund completed after the lost answer",
  });
  const theirs = (await portonePayment(sys, b.paymentId)).body;
  expect(theirs.cancellations).toHaveLength(1);
  expect(theirs.amount.cancelled).toBe(200);
});

test("when a payment lands on a reservation the customer cancelled before paying, then PortOne gives it back and the reservation stays CANCELLED", async () => {
  const r = await f.book(api, customer, sys.demo.storeId, slotIds[2], uploadId);
  const paymentId = await f.checkout(api, customer, r.id);
  const cancel = await api.post(`/api/reservations/${r.id}/cancel`, { reason: "다른 날로" }, { token: customer.token });
  expect(cancel.body.reservation.status).toBe("CANCELLED");
  await waitFor(
    async () => (await f.sql(sys, "payment", "SELECT status FROM payments WHERE id = $1", [paymentId]))[0]?.status === "FAILED",
    { timeoutMs: 20_000, description: "open payment closed" },
  );
  expect((await payInSandbox(sys, paymentId)).status).toBe(200);
  await waitFor(async () => (await portonePayment(sys, paymentId)).body.status === "CANCELLED", {
    timeoutMs: 20_000,
    description: "given back at PortOne",
  });
  expect((await api.get(`/api/reservations/${r.id}`, { token: customer.token })).body.status).toBe("CANCELLED");
  expect(await f.outboxCount(sys, "payment", "payment.approved", "paymentId", paymentId)).toBe(0);
  expect(await f.transitions(sys, r.id)).not.toHaveProperty("CONFIRMED");
});

test("when PortOne reports a paid payment whose id we never issued, then it is cancelled", async () => {
  const stranger = `pay${randomBytes(12).toString("hex")}`;
  expect((await payInSandbox(sys, stranger, { totalAmount: 5000, orderName: "모르는 주문" })).status).toBe(200);
  await waitFor(async () => (await portonePayment(sys, stranger)).body.status === "CANCELLED", {
    timeoutMs: 20_000,
    description: "unknown payment cancelled",
  });
});

test("when all of this is over, then the money invariant checker finds nothing", async () => {
  await f.expectNoMoneyFindings(sys);
});
