import { randomBytes } from "node:crypto";
import { api, customerToken, signWebhook, startRig, waitFor, WEBHOOK_SECRET, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

const now = () => Math.floor(Date.now() / 1000);

function post(body: string, headers: Record<string, string>) {
  return fetch(`${rig.url}/payments/webhooks/portone`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

function signed(body: string, opts: { id?: string; ts?: number; secret?: string } = {}) {
  const id = opts.id ?? `msg_${randomBytes(8).toString("hex")}`;
  const ts = opts.ts ?? now();
  return {
    id,
    headers: {
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(opts.secret ?? WEBHOOK_SECRET, id, ts, body),
    },
  };
}

/** A paid payment whose own webhook was dropped, so only the test's webhooks reach us. */
async function paidPayment() {
  const customerId = `usr_${randomBytes(4).toString("hex")}`;
  const rsv = rig.stub.add({ customerId });
  const res = await api(rig, "POST", "/payments/checkout", {
    token: await customerToken(customerId),
    body: { reservationId: rsv.id, payMethod: "CARD" },
  });
  const paymentId: string = res.body.paymentId;
  await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", times: 1 }] });
  const paid = await rig.sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
  const body = JSON.stringify({
    type: "Transaction.Paid",
    timestamp: new Date().toISOString(),
    data: { paymentId, storeId: rig.config.PORTONE_STORE_ID, transactionId: paid.body.payment.transactionId },
  });
  return { paymentId, body };
}

const status = async (id: string) => (await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id } })).status;

test("when a correctly signed Transaction.Paid arrives, then the payment is APPROVED", async () => {
  const { paymentId, body } = await paidPayment();
  const res = await post(body, signed(body).headers);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ received: true, status: "APPROVED" });
  expect(await status(paymentId)).toBe("APPROVED");
});

test("when the webhook is forged (wrong secret), unsigned, tampered or stale, then 400 and nothing changes", async () => {
  const { paymentId, body } = await paidPayment();
  const forged = signed(body, { secret: "whsec_" + randomBytes(24).toString("base64") });
  const cases: [string, Record<string, string>, string][] = [
    ["forged", forged.headers, "NO_MATCHING_SIGNATURE"],
    ["unsigned", {}, "MISSING_REQUIRED_HEADERS"],
    ["tampered", signed(body).headers, "NO_MATCHING_SIGNATURE"],
    ["stale", signed(body, { ts: now() - 600 }).headers, "TIMESTAMP_TOO_OLD"],
  ];
  for (const [name, headers, reason] of cases) {
    const sent = name === "tampered" ? body.replace("Transaction.Paid", "Transaction.Paid ") : body;
    const res = await post(sent, headers);
    expect({ name, status: res.status }).toEqual({ name, status: 400 });
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID", reason });
  }
  expect(await status(paymentId)).toBe("PENDING");
  expect(await rig.svc.prisma.webhookReceipt.count({ where: { paymentId } })).toBe(0);
});

test("when a processed webhook is replayed, then 200 and it has no further effect", async () => {
  const { paymentId, body } = await paidPayment();
  const first = signed(body);
  expect((await post(body, first.headers)).status).toBe(200);
  await rig.svc.prisma.payment.update({ where: { id: paymentId }, data: { lastError: "marker" } });
  // replay: same id and body, freshly signed like a retry (or a captured message within tolerance)
  const replay = await post(body, signed(body, { id: first.id }).headers);
  expect(replay.status).toBe(200);
  expect(await replay.json()).toMatchObject({ duplicate: true });
  const receipt = await rig.svc.prisma.webhookReceipt.findUniqueOrThrow({ where: { id: first.id } });
  expect(receipt.attempts).toBe(2);
  // settlement did not run again (it would have cleared lastError)
  expect((await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).lastError).toBe("marker");
  await waitFor(() => rig.tap.ofType("payment.approved").some((e) => e.data.paymentId === paymentId));
  expect(
    await rig.svc.prisma.outboxEvent.count({
      where: { type: "payment.approved", payload: { path: ["data", "paymentId"], equals: paymentId } },
    }),
  ).toBe(1);
});

test("when an unknown webhook type or a payment that is not ours arrives, then 2xx and it is ignored", async () => {
  const unknown = JSON.stringify({
    type: "BillingKey.Issued",
    timestamp: new Date().toISOString(),
    data: { storeId: "s", billingKey: "b" },
  });
  const r1 = await post(unknown, signed(unknown).headers);
  expect(r1.status).toBe(200);
  expect(await r1.json()).toMatchObject({ ignored: true });
  const future = JSON.stringify({
    type: "Transaction.SomethingNew",
    timestamp: new Date().toISOString(),
    data: { paymentId: "payNOTOURS", storeId: "s", transactionId: "t" },
  });
  const r2 = await post(future, signed(future).headers);
  expect(r2.status).toBe(200);
  expect(await r2.json()).toMatchObject({ ignored: true });
  expect(await rig.svc.prisma.payment.count({ where: { id: "payNOTOURS" } })).toBe(0);
});

test("when PortOne is unreachable while a webhook is handled, then 503 (PortOne redelivers) and the redelivery settles it", async () => {
  const { paymentId, body } = await paidPayment();
  await rig.sandbox.hook("/__sandbox/faults", {
    rest: [{ kind: "error", status: 502, path: `^/payments/${paymentId}$`, method: "GET", times: 1 }],
  });
  const first = signed(body);
  const res = await post(body, first.headers);
  expect(res.status).toBe(503);
  expect((await res.json()).code).toBe("PORTONE_UNAVAILABLE");
  expect(await status(paymentId)).toBe("PENDING");
  const retry = await post(body, signed(body, { id: first.id }).headers);
  expect(retry.status).toBe(200);
  expect(await status(paymentId)).toBe("APPROVED");
});
