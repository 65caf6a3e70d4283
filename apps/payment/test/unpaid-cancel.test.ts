import { randomBytes } from "node:crypto";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { api, customerCancelsUnpaid, openCheckout, portonePayment, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  await rig.sandbox.hook("/__sandbox/faults", undefined, "DELETE");
});

const row = (id: string) => rig.svc.prisma.payment.findUniqueOrThrow({ where: { id } });
const eventsFor = (paymentId: string) => rig.tap.events.filter((e) => e.data?.paymentId === paymentId);

test("when the customer cancels an unpaid reservation, then its open payment is closed, and a payment that still lands is cancelled in full at PortOne: no approval", async () => {
  const c = await openCheckout(rig);
  await customerCancelsUnpaid(rig, c.rsv, c.customerId);
  const closed = await waitFor(
    async () => {
      const p = await row(c.paymentId);
      return p.status === "FAILED" ? p : undefined;
    },
    { timeoutMs: 10_000, description: "open payment closed" },
  );
  expect(closed).toMatchObject({ failureCode: "RESERVATION_CANCELLED", openReservationId: null });

  // the payment window was still open in the customer's browser
  const paid = await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
  expect(paid.status).toBe(200);
  await waitFor(async () => (await portonePayment(rig, c.paymentId)).status === "CANCELLED", {
    timeoutMs: 10_000,
    description: "cancelled at PortOne",
  });
  expect((await portonePayment(rig, c.paymentId)).amount.cancelled).toBe(4200);
  const done = await api(rig, "POST", `/payments/${c.paymentId}/complete`, { token: c.token });
  expect(done.body.status).toBe("FAILED");
  expect((await row(c.paymentId)).status).toBe("FAILED");
  await new Promise((r) => setTimeout(r, 300));
  expect(eventsFor(c.paymentId).map((e) => e.type)).toEqual([]);
  // a new checkout is refused: the reservation is no longer payable
  expect(
    (await api(rig, "POST", "/payments/checkout", { token: c.token, body: { reservationId: c.rsv.id, payMethod: "CARD" } })).body.code,
  ).toBe("RESERVATION_NOT_PAYABLE");
});

test("when the payment was already made but not yet settled when the customer cancelled, then it is cancelled at PortOne right away", async () => {
  const c = await openCheckout(rig, 3100);
  await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
  await rig.sandbox.hook(`/__sandbox/payments/${c.paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
  await customerCancelsUnpaid(rig, c.rsv, c.customerId);
  await waitFor(async () => (await portonePayment(rig, c.paymentId)).status === "CANCELLED", {
    timeoutMs: 10_000,
    description: "cancelled at PortOne",
  });
  await waitFor(async () => (await row(c.paymentId)).status === "FAILED", { timeoutMs: 10_000 });
  expect(eventsFor(c.paymentId).filter((e) => e.type === "payment.approved")).toEqual([]);
});

test("when PortOne reports a PAID payment whose id we never issued, then the webhook cancels it; a lost webhook is caught by the reconciliation scan", async () => {
  const stranger = `pay${randomBytes(10).toString("hex")}`;
  const r = await rig.sandbox.hook(`/__sandbox/payments/${stranger}/pay`, {
    payMethod: "CARD",
    outcome: "PAID",
    totalAmount: 5000,
    orderName: "모르는 주문",
  });
  expect(r.status).toBe(200);
  await waitFor(async () => (await portonePayment(rig, stranger)).status === "CANCELLED", {
    timeoutMs: 10_000,
    description: "unknown payment cancelled",
  });
  expect(await rig.svc.prisma.payment.findUnique({ where: { id: stranger } })).toBeNull();

  const lost = `pay${randomBytes(10).toString("hex")}`;
  await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
  await rig.sandbox.hook(`/__sandbox/payments/${lost}/pay`, {
    payMethod: "CARD",
    outcome: "PAID",
    totalAmount: 6000,
    orderName: "모르는 주문",
  });
  expect((await portonePayment(rig, lost)).status).toBe("PAID");
  const stats = await reconcilePayments(rig.svc.deps);
  expect(stats.unknown).toBe(1);
  expect((await portonePayment(rig, lost)).status).toBe("CANCELLED");
  expect((await reconcilePayments(rig.svc.deps)).unknown).toBe(0);
});
