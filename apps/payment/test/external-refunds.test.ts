import { randomBytes } from "node:crypto";
import { createEvent } from "@preprint/contracts";
import { claimForReconciliation } from "../src/db/payments";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { api, approvedPayment, customerToken, publishEvent, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

const completedFor = (paymentId: string) => rig.tap.ofType("refund.completed").filter((e) => e.data.paymentId === paymentId);
const consoleCancel = (paymentId: string, body: object) => rig.sandbox.hook(`/__sandbox/payments/${paymentId}/cancel`, body);

test("when the merchant refunds part and then the rest in PortOne's console, then each cancellation is recorded once with refund.completed (origin EXTERNAL) and the payment view says PARTIAL, then FULL", async () => {
  const p = await approvedPayment(rig, 4200);
  const first = await consoleCancel(p.paymentId, { amount: 1200, reason: "콘솔에서 부분 환불" });
  expect(first.status).toBe(200);
  const e1 = await waitFor(() => completedFor(p.paymentId)[0], {
    timeoutMs: 10_000,
    description: "refund.completed for the console refund",
  });
  expect(e1.data).toMatchObject({
    amount: 1200,
    remainingAmount: 3000,
    cancellationId: first.body.cancellation.id,
    origin: "EXTERNAL",
    externalActor: "PORTONE_CONSOLE",
    reason: "콘솔에서 부분 환불",
    customer: { email: "customer@example.com" },
  });
  let view = await api(rig, "GET", `/payments/${p.paymentId}`, { token: p.token });
  expect(view.body).toMatchObject({ status: "APPROVED", refundedAmount: 1200, refundableAmount: 3000, refundStatus: "PARTIAL" });

  const rest = await consoleCancel(p.paymentId, { trigger: "CHARGEBACK", reason: "PG 취소" });
  const e2 = await waitFor(() => completedFor(p.paymentId).find((e) => e.data.cancellationId === rest.body.cancellation.id), {
    timeoutMs: 10_000,
  });
  expect(e2.data).toMatchObject({ amount: 3000, remainingAmount: 0, origin: "EXTERNAL", externalActor: "CHARGEBACK" });
  view = await api(rig, "GET", `/payments/${p.paymentId}`, { token: p.token });
  expect(view.body).toMatchObject({ refundedAmount: 4200, refundableAmount: 0, refundStatus: "FULL" });
  expect(view.body.refunds).toHaveLength(2);
  expect(view.body.refunds.map((r: any) => r.origin)).toEqual(["EXTERNAL", "EXTERNAL"]);
  // the browser's return page, opened again, asks complete: it learns the refund too
  const again = await api(rig, "POST", `/payments/${p.paymentId}/complete`, { token: p.token });
  expect(again.body).toMatchObject({ status: "APPROVED", refundStatus: "FULL", refundedAmount: 4200 });
});

test("when the same console cancellation arrives as two webhooks and reconciliation looks too, then it is recorded once", async () => {
  const p = await approvedPayment(rig, 4200);
  await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "duplicate", copies: 2, newId: true, times: 1 }] });
  const c = await consoleCancel(p.paymentId, { amount: 700 });
  await waitFor(
    async () =>
      (await rig.svc.prisma.webhookReceipt.count({
        where: { paymentId: p.paymentId, processedAt: { not: null }, type: "Transaction.PartialCancelled" },
      })) >= 3,
    { timeoutMs: 10_000 },
  );
  await rig.svc.prisma.payment.update({ where: { id: p.paymentId }, data: { nextCheckAt: new Date(Date.now() - 1000) } });
  const stats = await reconcilePayments(rig.svc.deps);
  expect(stats.external).toBe(0);
  await waitFor(() => completedFor(p.paymentId)[0]);
  const rows = await rig.svc.prisma.refund.findMany({ where: { paymentId: p.paymentId } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ portoneCancellationId: c.body.cancellation.id, amount: 700, status: "SUCCEEDED" });
  expect((await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).refundedAmount).toBe(700);
  await new Promise((r) => setTimeout(r, 300));
  expect(completedFor(p.paymentId)).toHaveLength(1);
});

test("when a console refund's webhook never arrives, then the reconciliation job's re-check of approved payments records it", async () => {
  const p = await approvedPayment(rig, 4200);
  const c = await consoleCancel(p.paymentId, { skipWebhook: true, reason: "웹훅 없는 콘솔 환불" });
  expect(c.body.cancellation.totalAmount).toBe(4200);
  // not due yet: approved payments are re-checked once per RECONCILE_APPROVED_EVERY_MS
  expect((await reconcilePayments(rig.svc.deps)).external).toBe(0);
  await rig.svc.prisma.payment.update({ where: { id: p.paymentId }, data: { nextCheckAt: new Date(Date.now() - 1000) } });
  expect((await reconcilePayments(rig.svc.deps)).external).toBe(1);
  const e = await waitFor(() => completedFor(p.paymentId)[0], { timeoutMs: 10_000 });
  expect(e.data).toMatchObject({ amount: 4200, remainingAmount: 0, origin: "EXTERNAL" });
  const next = (await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).nextCheckAt.getTime();
  expect(next).toBeGreaterThan(Date.now() + rig.config.RECONCILE_APPROVED_EVERY_MS / 2);
});

test("when our own refund's cancellation comes back as a webhook, then it is not taken for an external one", async () => {
  const p = await approvedPayment(rig, 4200);
  const ev = createEvent(
    "refund.requested",
    {
      refundId: `rfd_${randomBytes(6).toString("hex")}`,
      reservationId: p.reservationId,
      paymentId: p.paymentId,
      amount: 1000,
      reason: "고객 요청",
      requestedBy: { type: "CUSTOMER" },
    },
    { source: "reservation" },
  );
  await publishEvent(rig.exchange, ev);
  await waitFor(() => completedFor(p.paymentId)[0], { timeoutMs: 10_000 });
  await waitFor(
    async () =>
      (await rig.svc.prisma.webhookReceipt.count({
        where: { paymentId: p.paymentId, processedAt: { not: null }, type: "Transaction.PartialCancelled" },
      })) >= 1,
    { timeoutMs: 10_000 },
  );
  await rig.svc.prisma.payment.update({ where: { id: p.paymentId }, data: { nextCheckAt: new Date(Date.now() - 1000) } });
  expect((await reconcilePayments(rig.svc.deps)).external).toBe(0);
  expect(await rig.svc.prisma.refund.count({ where: { paymentId: p.paymentId } })).toBe(1);
  expect(completedFor(p.paymentId).map((e) => e.data.origin ?? "APP")).toEqual(["APP"]);
});

test("when approved payments are due for a re-check, then payments still waiting to be settled are claimed before them", async () => {
  const approved = await approvedPayment(rig, 4200);
  await rig.svc.prisma.payment.update({ where: { id: approved.paymentId }, data: { nextCheckAt: new Date(Date.now() - 3_600_000) } });
  const customerId = `usr_${randomBytes(4).toString("hex")}`;
  const rsv = rig.stub.add({ customerId });
  const open = await api(rig, "POST", "/payments/checkout", {
    token: await customerToken(customerId),
    body: { reservationId: rsv.id, payMethod: "CARD" },
  });
  await rig.svc.prisma.payment.update({
    where: { id: open.body.paymentId },
    data: { createdAt: new Date(Date.now() - 120_000), nextCheckAt: new Date(Date.now() - 1000) },
  });
  const [first] = await claimForReconciliation(rig.svc.prisma, {
    olderThanMs: 60_000,
    leaseMs: 60_000,
    limit: 1,
    approvedWithinMs: 86_400_000,
  });
  expect(first).toEqual({ id: open.body.paymentId, status: "PENDING" });
  const [second] = await claimForReconciliation(rig.svc.prisma, {
    olderThanMs: 60_000,
    leaseMs: 60_000,
    limit: 1,
    approvedWithinMs: 86_400_000,
  });
  expect(second).toEqual({ id: approved.paymentId, status: "APPROVED" });
});

test("when one of our refunds ended FAILED but its tagged cancellation went through at PortOne, then the refund is adopted as succeeded, once", async () => {
  const p = await approvedPayment(rig, 4200);
  const refundId = `rfd_${randomBytes(6).toString("hex")}`;
  // the refund gave up (PortOne refused one attempt) while another attempt's cancel went through
  await rig.svc.prisma.refund.create({
    data: {
      id: refundId,
      paymentId: p.paymentId,
      reservationId: p.reservationId,
      amount: 1000,
      reason: "고객 요청",
      actor: { type: "CUSTOMER" },
      status: "FAILED",
      errorType: "PG_PROVIDER",
      completedAt: new Date(),
    },
  });
  const cancelled = await fetch(`${rig.sandbox.url}/payments/${p.paymentId}/cancel`, {
    method: "POST",
    headers: { authorization: `PortOne ${rig.config.PORTONE_API_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({ amount: 1000, reason: `[ref:${refundId}] 고객 요청`, currentCancellableAmount: 4200 }),
  }).then((r) => r.json());
  const e = await waitFor(() => completedFor(p.paymentId)[0], {
    timeoutMs: 10_000,
    description: "refund.completed for the adopted refund",
  });
  expect(e.data).toMatchObject({ refundId, amount: 1000, remainingAmount: 3200, cancellationId: cancelled.cancellation.id, origin: "APP" });
  expect(await rig.svc.prisma.refund.findMany({ where: { paymentId: p.paymentId } })).toEqual([
    expect.objectContaining({ id: refundId, status: "SUCCEEDED", portoneCancellationId: cancelled.cancellation.id, errorType: null }),
  ]);
  expect((await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).refundedAmount).toBe(1000);
  await rig.svc.prisma.payment.update({ where: { id: p.paymentId }, data: { nextCheckAt: new Date(Date.now() - 1000) } });
  expect((await reconcilePayments(rig.svc.deps)).external).toBe(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(completedFor(p.paymentId)).toHaveLength(1);
});
