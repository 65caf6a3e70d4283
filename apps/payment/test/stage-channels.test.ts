/**
 * The test stage against the sandbox process playing real PortOne: only TEST-channel money belongs
 * to it. A LIVE-channel payment (real money) is neither approved nor, when its id is not ours,
 * touched: a staging deployment sharing the store with live must leave live customers alone.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createLogger } from "@preprint/service-kit";
import { PortOneApi } from "../src/portone/client";
import { proveCredentials } from "../src/portone/probe";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { api, customerToken, INTERNAL_JWT_SECRET, JWT_SECRET, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

const real = {
  storeId: `store-${randomUUID()}`,
  card: `channel-key-${randomUUID()}`,
  easyPay: `channel-key-${randomUUID()}`,
  apiSecret: randomBytes(40).toString("base64url"),
  webhookSecret: `whsec_${randomBytes(32).toString("base64")}`,
};

let rig: Rig;
beforeAll(async () => {
  rig = await startRig(
    {
      NODE_ENV: "test",
      JWT_SECRET,
      INTERNAL_JWT_SECRET,
      PORTONE_MODE: "test",
      PUBLIC_BASE_URL: "http://localhost:8080",
      PORTONE_TIMEOUT_MS: "60000",
      PORTONE_API_SECRET: real.apiSecret,
      PORTONE_WEBHOOK_SECRET: real.webhookSecret,
      PORTONE_STORE_ID: real.storeId,
      PORTONE_CHANNEL_KEY_CARD: real.card,
      PORTONE_CHANNEL_KEY_EASY_PAY: real.easyPay,
    },
    {
      PORTONE_API_SECRET: real.apiSecret,
      PORTONE_WEBHOOK_SECRET: real.webhookSecret,
      PORTONE_STORE_ID: real.storeId,
      PORTONE_CHANNEL_KEY_CARD: real.card,
      PORTONE_CHANNEL_KEY_EASY_PAY: real.easyPay,
    },
  );
});
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  await rig.sandbox.hook("/__sandbox/faults", undefined, "DELETE");
});

const portonePayment = (id: string) =>
  fetch(`${rig.sandbox.url}/payments/${id}`, { headers: { authorization: `PortOne ${real.apiSecret}` } }).then((r) => r.json());
const webhookHandled = (paymentId: string) =>
  waitFor(async () => (await rig.svc.prisma.webhookReceipt.count({ where: { paymentId, processedAt: { not: null } } })) >= 1, {
    timeoutMs: 10_000,
    description: "webhook handled",
  });

test("when a payment in the test stage went through a LIVE channel, then it is cancelled at PortOne as LIVE_CHANNEL_IN_TEST, not approved", async () => {
  const customerId = `usr_${randomBytes(4).toString("hex")}`;
  const token = await customerToken(customerId);
  const rsv = rig.stub.add({ customerId });
  const checkout = await api(rig, "POST", "/payments/checkout", { token, body: { reservationId: rsv.id, payMethod: "CARD" } });
  const paymentId: string = checkout.body.paymentId;
  await rig.sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID", channelType: "LIVE" });
  const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
  expect(done.body.status).toBe("FAILED");
  // the customer's answer does not wait for the cancellation, which the webhook's handling may be
  // carrying out at that moment (the row is CANCELLING meanwhile); it ends FAILED either way
  const row = await waitFor(
    async () => {
      const p = await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
      return p.status === "CANCELLING" ? undefined : p;
    },
    { timeoutMs: 10_000, description: "the LIVE-channel payment's cancellation finished" },
  );
  expect(row).toMatchObject({ status: "FAILED", failureCode: "LIVE_CHANNEL_IN_TEST" });
  expect((await portonePayment(paymentId)).status).toBe("CANCELLED");
  const failed = await waitFor(() => rig.tap.ofType("payment.failed").find((e) => e.data.paymentId === paymentId), { timeoutMs: 10_000 });
  expect(failed.data.code).toBe("LIVE_CHANNEL_IN_TEST");
  expect(rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)).toEqual([]);
});

test("when the store holds a live customer's payment whose id the test stage never issued, then neither its webhook nor the scan cancels it; a TEST one is still cancelled", async () => {
  const live = `pay${randomBytes(10).toString("hex")}`;
  await rig.sandbox.hook(`/__sandbox/payments/${live}/pay`, {
    payMethod: "CARD",
    outcome: "PAID",
    totalAmount: 7000,
    orderName: "라이브 주문",
    channelType: "LIVE",
  });
  await webhookHandled(live);
  expect((await portonePayment(live)).status).toBe("PAID");

  const test = `pay${randomBytes(10).toString("hex")}`;
  await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", eventType: "Transaction.Paid", times: 1 }] });
  await rig.sandbox.hook(`/__sandbox/payments/${test}/pay`, {
    payMethod: "CARD",
    outcome: "PAID",
    totalAmount: 6000,
    orderName: "모르는 주문",
  });
  const stats = await reconcilePayments(rig.svc.deps);
  expect(stats.unknown).toBe(1);
  expect((await portonePayment(test)).status).toBe("CANCELLED");
  expect((await portonePayment(live)).status).toBe("PAID");
});

test("when PortOne answers the start-up check with something other than 401/403 (a PG error), then start-up goes on with the secret unproven", async () => {
  const portone = new PortOneApi({ baseUrl: rig.sandbox.url, secret: real.apiSecret, storeId: real.storeId, timeoutMs: 10_000 });
  await rig.sandbox.hook("/__sandbox/faults", {
    rest: [{ kind: "error", status: 502, method: "GET", path: "^/payments/probe", times: 1 }],
  });
  await expect(proveCredentials(portone, createLogger("payment", "silent"))).resolves.toBeUndefined();
  // a refused secret still stops it
  const wrong = new PortOneApi({
    baseUrl: rig.sandbox.url,
    secret: randomBytes(40).toString("base64url"),
    storeId: real.storeId,
    timeoutMs: 10_000,
  });
  await expect(proveCredentials(wrong, createLogger("payment", "silent"))).rejects.toThrow(/PORTONE_API_SECRET was refused/);
});
