/**
 * Money that lands on a payment we had already closed (FAILED after the customer cancelled,
 * EXPIRED after the window was given up) when its webhook is lost, payments partly cancelled in
 * PortOne's console before we settled them, and the Idempotency-Keys of the cancels that give
 * such money back — against the real sandbox process, PostgreSQL and RabbitMQ.
 */
import { randomBytes } from "node:crypto";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { settlePayment } from "../src/use-cases/settle-payment";
import { customerCancelsUnpaid, openCheckout, portonePayment, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  // PortOne calls may wait a few seconds here (a held cancel); the lease still outlasts them
  rig = await startRig({ PORTONE_TIMEOUT_MS: "10000" });
});
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  await rig.sandbox.hook("/__sandbox/faults", undefined, "DELETE");
});

const row = (id: string) => rig.svc.prisma.payment.findUniqueOrThrow({ where: { id } });
const eventsFor = (paymentId: string) => rig.tap.events.filter((e) => e.data?.paymentId === paymentId);
const dropNextPaidWebhook = () =>
  rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
const pay = (paymentId: string) => rig.sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });

/** The customer cancels the unpaid reservation: its payment is closed FAILED RESERVATION_CANCELLED. */
async function cancelledBeforePaying(totalAmount = 4200) {
  const c = await openCheckout(rig, totalAmount);
  await customerCancelsUnpaid(rig, c.rsv, c.customerId);
  await waitFor(async () => (await row(c.paymentId)).failureCode === "RESERVATION_CANCELLED", {
    timeoutMs: 10_000,
    description: "payment closed",
  });
  return c;
}

/** The window was given up: reconciliation found nothing paid for longer than the abandon time. */
async function expiredUnpaid(totalAmount = 4200) {
  const c = await openCheckout(rig, totalAmount);
  await rig.svc.prisma.payment.update({
    where: { id: c.paymentId },
    data: { createdAt: new Date(Date.now() - 2 * rig.config.RECONCILE_ABANDON_AFTER_MS), nextCheckAt: new Date(Date.now() - 1000) },
  });
  await reconcilePayments(rig.svc.deps);
  expect((await row(c.paymentId)).status).toBe("EXPIRED");
  return c;
}

describe("a payment that lands after we closed it, its webhook lost", () => {
  test("when the customer cancelled, then paid in the still-open window and the Transaction.Paid webhook was lost, then one reconciliation run cancels it at PortOne", async () => {
    const c = await cancelledBeforePaying();
    await dropNextPaidWebhook();
    expect((await pay(c.paymentId)).status).toBe(200);
    expect((await portonePayment(rig, c.paymentId)).status).toBe("PAID");

    const stats = await reconcilePayments(rig.svc.deps);
    expect(stats.late).toBe(1);
    const theirs = await portonePayment(rig, c.paymentId);
    expect(theirs.status).toBe("CANCELLED");
    expect(theirs.amount.cancelled).toBe(4200);
    expect(await row(c.paymentId)).toMatchObject({ status: "FAILED", failureCode: "LATE_PAYMENT" });
    // nothing failed from the customer's side (they cancelled), and nothing was approved
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsFor(c.paymentId)).toEqual([]);
    expect((await reconcilePayments(rig.svc.deps)).late).toBe(0);
  });

  test("when an expired payment is paid after all and the webhook was lost, then one reconciliation run settles it (approved, as the webhook would have)", async () => {
    const c = await expiredUnpaid(3300);
    await dropNextPaidWebhook();
    await pay(c.paymentId);
    expect((await reconcilePayments(rig.svc.deps)).late).toBe(1);
    expect((await row(c.paymentId)).status).toBe("APPROVED");
    await waitFor(() => eventsFor(c.paymentId).find((e) => e.type === "payment.approved"), {
      timeoutMs: 10_000,
      description: "payment.approved",
    });
  });
});

describe("a payment we never approved, partly refunded in PortOne's console", () => {
  test("when it was paid after the customer cancelled and the merchant refunds part in the console, then the rest goes back too", async () => {
    const c = await cancelledBeforePaying(5000);
    await dropNextPaidWebhook();
    await pay(c.paymentId);
    const part = await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/cancel`, { amount: 1000, reason: "콘솔에서 부분 환불" });
    expect(part.status).toBe(200);
    // the console cancel's webhook settles it
    await waitFor(async () => (await portonePayment(rig, c.paymentId)).status === "CANCELLED", {
      timeoutMs: 10_000,
      description: "the rest cancelled at PortOne",
    });
    expect((await portonePayment(rig, c.paymentId)).amount.cancelled).toBe(5000);
    await waitFor(async () => (await row(c.paymentId)).status === "FAILED", { timeoutMs: 10_000 });
  });

  test("when an expired payment was paid and partly refunded in the console, then the rest goes back and the payment fails", async () => {
    const c = await expiredUnpaid(5000);
    await dropNextPaidWebhook();
    await pay(c.paymentId);
    await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/cancel`, { amount: 1500, reason: "콘솔에서 부분 환불" });
    await waitFor(async () => (await portonePayment(rig, c.paymentId)).status === "CANCELLED", {
      timeoutMs: 10_000,
      description: "the rest cancelled at PortOne",
    });
    expect((await portonePayment(rig, c.paymentId)).amount.cancelled).toBe(5000);
    await waitFor(async () => (await row(c.paymentId)).status === "FAILED", { timeoutMs: 10_000 });
    expect((await row(c.paymentId)).failureCode).toBe("CANCELLED_AT_PORTONE");
  });
});

describe("Idempotency-Keys of the cancels that give money back", () => {
  test("when a PAID payment with a short id we never issued arrives, then it is cancelled (the key is within PortOne's 16–256 characters)", async () => {
    const stray = `s${randomBytes(2).toString("hex")}`;
    await rig.sandbox.hook(`/__sandbox/payments/${stray}/pay`, {
      payMethod: "CARD",
      outcome: "PAID",
      totalAmount: 2000,
      orderName: "모르는 주문",
    });
    await waitFor(async () => (await portonePayment(rig, stray)).status === "CANCELLED", {
      timeoutMs: 10_000,
      description: "short stray id cancelled",
    });
  });

  test("when the balance moves between two attempts to void a payment (a console refund meanwhile), then the retry is a new request and voids the rest", async () => {
    const c = await cancelledBeforePaying(4200);
    await dropNextPaidWebhook();
    await pay(c.paymentId);
    // the first void is held at PortOne while the merchant refunds part in the console: it then
    // meets a changed balance and is refused (PortOne stores that answer under its key)
    await rig.sandbox.hook("/__sandbox/faults", {
      rest: [{ kind: "delay", delayMs: 3000, method: "POST", path: `^/payments/${c.paymentId}/cancel$`, times: 1 }],
    });
    const first = settlePayment(rig.svc.deps, c.paymentId, "reconcile");
    await waitFor(
      async () => {
        const calls = await rig.sandbox.hook(`/__sandbox/calls?paymentId=${c.paymentId}`, undefined, "GET");
        return calls.body.items.some((i: { method: string; path: string }) => i.method === "POST" && i.path.endsWith("/cancel"));
      },
      { timeoutMs: 10_000, description: "void sent" },
    );
    await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/cancel`, { amount: 1000, reason: "콘솔에서 부분 환불", skipWebhook: true });
    await first;
    expect((await row(c.paymentId)).status).toBe("CANCELLING");
    expect((await portonePayment(rig, c.paymentId)).status).toBe("PARTIAL_CANCELLED");

    await rig.svc.prisma.payment.update({ where: { id: c.paymentId }, data: { nextCheckAt: new Date(Date.now() - 1000) } });
    await reconcilePayments(rig.svc.deps);
    const theirs = await portonePayment(rig, c.paymentId);
    expect(theirs.status).toBe("CANCELLED");
    expect(theirs.amount.cancelled).toBe(4200);
    expect((await row(c.paymentId)).status).toBe("FAILED");
  });
});
