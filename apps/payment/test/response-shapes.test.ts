import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  checkoutResponseSchema,
  completeResponseSchema,
  paymentConfigResponseSchema,
  paymentResponseSchema,
  webhookResponseSchema,
} from "../src/http/schemas";
import { api, approvedPayment, openCheckout, signWebhook, startRig, WEBHOOK_SECRET, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

/** The body is exactly what the schema describes: it parses, and parsing drops nothing. */
function expectShape(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues).toBeUndefined();
  expect(parsed.data).toEqual(body);
}

function postWebhook(body: string, id = `msg_${randomBytes(8).toString("hex")}`) {
  const ts = Math.floor(Date.now() / 1000);
  return api(rig, "POST", "/payments/webhooks/portone", {
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(WEBHOOK_SECRET, id, ts, body),
    },
    body: JSON.parse(body),
  });
}

test("when the browser reads the configuration, opens a checkout and completes it, then each answer has exactly its documented shape", async () => {
  expectShape(paymentConfigResponseSchema, (await api(rig, "GET", "/payments/config")).body);

  const c = await openCheckout(rig);
  const again = await api(rig, "POST", "/payments/checkout", { token: c.token, body: { reservationId: c.rsv.id, payMethod: "EASY_PAY" } });
  expect(again.status).toBe(201);
  expectShape(checkoutResponseSchema, again.body);
  expect(again.body.checkoutUrl).toContain("/checkout?");

  const pending = await api(rig, "POST", `/payments/${c.paymentId}/complete`, { token: c.token });
  expectShape(completeResponseSchema, pending.body);
});

test("when the owner reads an approved payment with a refund, then the record has exactly its documented shape", async () => {
  const p = await approvedPayment(rig);
  await rig.svc.prisma.refund.create({
    data: {
      id: `rfd${randomBytes(6).toString("hex")}`,
      paymentId: p.paymentId,
      reservationId: p.reservationId,
      amount: 700,
      reason: "고객 요청 취소",
      actor: { type: "CUSTOMER" },
    },
  });
  const res = await api(rig, "GET", `/payments/${p.paymentId}`, { token: p.token });
  expect(res.status).toBe(200);
  expectShape(paymentResponseSchema, res.body);
  expect(res.body.refunds).toHaveLength(1);
});

test("when PortOne sends a webhook, then each answer (settled, duplicate, ignored) has its documented shape", async () => {
  const p = await approvedPayment(rig);
  const body = JSON.stringify({
    type: "Transaction.Paid",
    timestamp: new Date().toISOString(),
    data: { paymentId: p.paymentId, storeId: rig.config.PORTONE_STORE_ID },
  });
  const first = await postWebhook(body, "msg_shape_1");
  expect(first.body).toEqual({ received: true, status: "APPROVED" });
  const replay = await postWebhook(body, "msg_shape_1");
  expect(replay.body).toEqual({ received: true, duplicate: true });
  const other = await postWebhook(
    JSON.stringify({ type: "BillingKey.Issued", timestamp: new Date().toISOString(), data: { billingKey: "b" } }),
  );
  expect(other.body).toEqual({ received: true, ignored: true });
  for (const r of [first, replay, other]) expectShape(webhookResponseSchema, r.body);
});

test("when GET /openapi.json is asked, then every route is documented with its request and response schemas, as served behind the gateway", async () => {
  const res = await api(rig, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc["x-service"]).toBe("payment");
  const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
  expect(ops.map((o) => o.key).sort()).toEqual([
    "GET /api/payments/config",
    "GET /api/payments/{paymentId}",
    "POST /api/payments/checkout",
    "POST /api/payments/webhooks/portone",
    "POST /api/payments/{paymentId}/complete",
  ]);
  for (const { key, op } of ops) {
    const ok = Object.entries(op.responses as Record<string, any>).find(([status]) => status.startsWith("2"));
    expect([key, ok?.[1]?.content?.["application/json"]?.schema]).toEqual([key, expect.any(Object)]);
  }
  const byKey = Object.fromEntries(ops.map((o) => [o.key, o.op]));
  for (const key of ["POST /api/payments/checkout", "POST /api/payments/webhooks/portone"]) {
    expect([key, byKey[key].requestBody?.content?.["application/json"]?.schema]).toEqual([key, expect.any(Object)]);
  }
  expect(Object.keys(byKey["POST /api/payments/checkout"].responses)).toEqual(
    expect.arrayContaining(["201", "400", "401", "404", "409", "502"]),
  );
  expect(Object.keys(byKey["POST /api/payments/webhooks/portone"].responses)).toEqual(expect.arrayContaining(["200", "400", "503"]));
});
