import { randomBytes } from "node:crypto";
import { createEvent, uuidv7 } from "@preprint/contracts";
import { refundTag } from "../src/domain/refunds";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { refundPayment } from "../src/use-cases/refund-payment";
import { api, approvedPayment, publishEvent, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

function refundRequested(
  p: { paymentId: string; reservationId: string },
  amount: number,
  refundId = `ref_${randomBytes(6).toString("hex")}`,
) {
  return createEvent(
    "refund.requested",
    {
      refundId,
      reservationId: p.reservationId,
      paymentId: p.paymentId,
      amount,
      reason: "고객 요청 취소",
      requestedBy: { type: "CUSTOMER", id: "usr" },
    },
    { source: "reservation" },
  );
}

const portonePayment = (id: string) =>
  fetch(`${rig.sandbox.url}/payments/${id}`, { headers: { authorization: `PortOne ${rig.config.PORTONE_API_SECRET}` } }).then((r) =>
    r.json(),
  );
const eventFor = (type: string, refundId: string) =>
  waitFor(() => rig.tap.ofType(type).find((e) => e.data.refundId === refundId), { timeoutMs: 10_000, description: `${type} ${refundId}` });

test("when a partial and then a full refund are requested, then both are cancelled at PortOne and refund.completed carries what remains", async () => {
  const p = await approvedPayment(rig, 4200);
  const first = refundRequested(p, 1000);
  await publishEvent(rig.exchange, first);
  const c1 = await eventFor("refund.completed", first.data.refundId);
  expect(c1.data).toMatchObject({
    paymentId: p.paymentId,
    amount: 1000,
    remainingAmount: 3200,
    currency: "KRW",
    customer: { email: "customer@example.com" },
    store: { id: "str_gangnam" },
  });

  const second = refundRequested(p, 3200);
  await publishEvent(rig.exchange, second);
  const c2 = await eventFor("refund.completed", second.data.refundId);
  expect(c2.data).toMatchObject({ amount: 3200, remainingAmount: 0 });
  expect(c2.data.cancellationId).not.toBe(c1.data.cancellationId);

  const theirs = await portonePayment(p.paymentId);
  expect(theirs.status).toBe("CANCELLED");
  expect(theirs.amount.cancelled).toBe(4200);
  const ours = await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId }, include: { refunds: true } });
  expect(ours.refundedAmount).toBe(4200);
  expect(ours.refunds.map((r) => r.status).sort()).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  const view = await api(rig, "GET", `/payments/${p.paymentId}`, { token: p.token });
  expect(view.body).toMatchObject({ refundedAmount: 4200, refundableAmount: 0 });
  expect(view.body.refunds).toHaveLength(2);
});

test("when several partial refunds race on one payment, then each is cancelled once at PortOne within moments, not after the retry job's delay", async () => {
  const p = await approvedPayment(rig, 4200);
  const refunds = Array.from({ length: 6 }, () => refundRequested(p, 500));
  const started = Date.now();
  await Promise.all(refunds.map((r) => publishEvent(rig.exchange, r)));
  const completed = await Promise.all(refunds.map((r) => eventFor("refund.completed", r.data.refundId)));
  // PortOne refuses all but one of a racing set (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN); the
  // immediate re-read rounds settle them instead of the 30 s retry job
  expect(Date.now() - started).toBeLessThan(rig.config.REFUND_RETRY_AFTER_MS);
  expect(completed.map((c) => c.data.remainingAmount).sort((a, b) => a - b)).toEqual([1200, 1700, 2200, 2700, 3200, 3700]);
  const theirs = await portonePayment(p.paymentId);
  expect(theirs.amount.cancelled).toBe(3000);
  expect(theirs.cancellations).toHaveLength(6);
  expect(rig.tap.ofType("refund.failed").filter((e) => refunds.some((r) => r.data.refundId === e.data.refundId))).toHaveLength(0);
});

test("when a refund exceeds the cancellable amount, then refund.failed carries PortOne's error type and nothing is cancelled", async () => {
  const p = await approvedPayment(rig, 4200);
  const partial = refundRequested(p, 4000);
  await publishEvent(rig.exchange, partial);
  await eventFor("refund.completed", partial.data.refundId);
  const tooMuch = refundRequested(p, 500);
  await publishEvent(rig.exchange, tooMuch);
  const failed = await eventFor("refund.failed", tooMuch.data.refundId);
  expect(failed.data).toMatchObject({
    paymentId: p.paymentId,
    amount: 500,
    errorType: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
    store: { id: "str_gangnam" },
  });
  expect(failed.data.reason.length).toBeGreaterThan(0);
  expect((await portonePayment(p.paymentId)).amount.cancelled).toBe(4000);
  const row = await rig.svc.prisma.refund.findUniqueOrThrow({ where: { id: tooMuch.data.refundId } });
  expect(row).toMatchObject({ status: "FAILED", errorType: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT" });
  expect((await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).refundedAmount).toBe(4000);
});

test("when the same refund is requested twice (redelivery and a second event with the same refundId), then PortOne cancels once", async () => {
  const p = await approvedPayment(rig, 4200);
  const ev = refundRequested(p, 1200);
  await publishEvent(rig.exchange, ev);
  await publishEvent(rig.exchange, ev); // same event id: the inbox drops it
  await publishEvent(rig.exchange, { ...ev, id: uuidv7() }); // new event id, same refundId: the primary key drops it
  await eventFor("refund.completed", ev.data.refundId);
  await waitFor(async () => (await rig.svc.prisma.inboxEvent.count({ where: { consumer: "payment" } })) > 0);
  await new Promise((r) => setTimeout(r, 500));
  const theirs = await portonePayment(p.paymentId);
  expect(theirs.amount.cancelled).toBe(1200);
  expect(theirs.cancellations).toHaveLength(1);
  expect(rig.tap.ofType("refund.completed").filter((e) => e.data.refundId === ev.data.refundId)).toHaveLength(1);
});

test("when we crashed after PortOne cancelled but before our commit, then the retry adopts that cancellation instead of cancelling again", async () => {
  const p = await approvedPayment(rig, 4200);
  const refundId = `ref_${randomBytes(6).toString("hex")}`;
  // state after the crash: our row REQUESTED, PortOne already cancelled with this refund's tag
  await rig.svc.prisma.refund.create({
    data: {
      id: refundId,
      paymentId: p.paymentId,
      reservationId: p.reservationId,
      amount: 700,
      reason: "고객 요청 취소",
      actor: { type: "CUSTOMER" },
    },
  });
  const cancel = await fetch(`${rig.sandbox.url}/payments/${p.paymentId}/cancel`, {
    method: "POST",
    headers: { authorization: `PortOne ${rig.config.PORTONE_API_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({ amount: 700, reason: `고객 요청 취소 ${refundTag(refundId)}` }),
  }).then((r) => r.json());
  expect(cancel.cancellation.status).toBe("SUCCEEDED");

  expect(await refundPayment(rig.svc.deps, refundId)).toBe("succeeded");
  const row = await rig.svc.prisma.refund.findUniqueOrThrow({ where: { id: refundId } });
  expect(row).toMatchObject({ status: "SUCCEEDED", portoneCancellationId: cancel.cancellation.id });
  const theirs = await portonePayment(p.paymentId);
  expect(theirs.amount.cancelled).toBe(700);
  expect(theirs.cancellations).toHaveLength(1);
  const done = await eventFor("refund.completed", refundId);
  expect(done.data).toMatchObject({ amount: 700, remainingAmount: 3500, cancellationId: cancel.cancellation.id });
});

test("when PortOne is down while refunding, then the refund stays REQUESTED and the job completes it later", async () => {
  const p = await approvedPayment(rig, 4200);
  await rig.sandbox.hook("/__sandbox/faults", {
    rest: [{ kind: "error", status: 503, path: `^/payments/${p.paymentId}/cancel$`, times: 1 }],
  });
  const ev = refundRequested(p, 2000);
  await publishEvent(rig.exchange, ev);
  const pending = await waitFor(async () => {
    const r = await rig.svc.prisma.refund.findUnique({ where: { id: ev.data.refundId } });
    return r?.lastError ? r : undefined;
  });
  expect(pending.status).toBe("REQUESTED");
  expect((await portonePayment(p.paymentId)).amount.cancelled).toBe(0);
  await rig.svc.prisma.refund.update({ where: { id: ev.data.refundId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
  const stats = await reconcilePayments(rig.svc.deps);
  expect(stats.refunds).toBe(1);
  await eventFor("refund.completed", ev.data.refundId);
  expect((await portonePayment(p.paymentId)).amount.cancelled).toBe(2000);
});
