import { PortOneClient, Webhook } from "@portone/server-sdk";
import { openApi } from "./support/openapi";
import {
  API_SECRET,
  hook,
  newPaymentId,
  startReceiver,
  startSandbox,
  STORE_ID,
  waitUntil,
  WEBHOOK_SECRET,
  type RunningSandbox,
} from "./support/sandbox";

/** Signed webhooks to a real local receiver: verification with the SDK, retries, and the webhook faults. */

const TIME_SCALE = 0.0005; // 1 minute → 30 ms, 4 minutes → 120 ms
let sb: RunningSandbox;
let status = 200;
let failuresLeft = 0;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let client: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  receiver = await startReceiver(() => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return 500;
    }
    return status;
  });
  sb = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url, SANDBOX_WEBHOOK_TIME_SCALE: String(TIME_SCALE) });
  client = PortOneClient({ secret: API_SECRET, baseUrl: sb.url });
});

beforeEach(async () => {
  status = 200;
  failuresLeft = 0;
  receiver.received.length = 0;
  expect((await hook(sb.url, "POST", "/__sandbox/reset")).status).toBe(204);
});

afterAll(async () => {
  await sb.stop();
  await receiver.close();
});

const forPayment = (paymentId: string) => receiver.received.filter((r) => r.body.includes(`"paymentId":"${paymentId}"`));

async function pay(paymentId: string, outcome: "PAID" | "FAILED" = "PAID", totalAmount = 4000) {
  const r = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome, totalAmount });
  expect(r.status).toBe(200);
  return r.body;
}

describe("webhook delivery", () => {
  it("when a payment is paid, then Transaction.Paid arrives signed and Webhook.verify accepts it", async () => {
    const paymentId = newPaymentId();
    const { payment } = await pay(paymentId);
    const msg = await waitUntil(() => forPayment(paymentId)[0]);
    expect(msg.headers["content-type"]).toBe("application/json");
    expect(msg.headers["webhook-id"]).toMatch(/^whmsg_/);
    const verified = await Webhook.verify(WEBHOOK_SECRET, msg.body, msg.headers);
    expect(verified.type).toBe("Transaction.Paid");
    if (verified.type !== "Transaction.Paid") throw new Error("narrowing");
    expect(verified.data).toEqual({ paymentId, storeId: STORE_ID, transactionId: payment.transactionId });
    expect(Date.parse(verified.timestamp)).not.toBeNaN();
    // a forged body does not verify
    await expect(Webhook.verify(WEBHOOK_SECRET, msg.body.replace("Paid", "Failed"), msg.headers)).rejects.toBeInstanceOf(
      Webhook.WebhookVerificationError,
    );
    // and the delivery is in the payment's webhook history, in the schema's shape
    const p = await client.payment.getPayment({ paymentId });
    if (p.status !== "PAID") throw new Error(`expected PAID, got ${String(p.status)}`);
    expect(p.webhooks).toEqual([
      expect.objectContaining({
        status: "SUCCEEDED",
        url: receiver.url,
        currentExecutionCount: 1,
        maxExecutionCount: 6,
        paymentStatus: "PAID",
      }),
    ]);
    expect(openApi().errors("Payment", p)).toEqual([]);
  });

  it("when the receiver answers 500 twice, then the same message is retried on the compressed schedule and delivered", async () => {
    failuresLeft = 2;
    const paymentId = newPaymentId();
    await pay(paymentId);
    await waitUntil(() => forPayment(paymentId).length >= 3, 5000);
    const msgs = forPayment(paymentId);
    expect(msgs).toHaveLength(3);
    expect(new Set(msgs.map((m) => m.headers["webhook-id"])).size).toBe(1);
    expect(new Set(msgs.map((m) => m.body)).size).toBe(1);
    for (const m of msgs)
      await expect(Webhook.verify(WEBHOOK_SECRET, m.body, m.headers)).resolves.toMatchObject({ type: "Transaction.Paid" });
    // PortOne waits 1 then 4 minutes (× the time scale) before the 2nd and 3rd executions
    expect(msgs[1]!.at - msgs[0]!.at).toBeGreaterThanOrEqual(60_000 * TIME_SCALE - 5);
    expect(msgs[2]!.at - msgs[1]!.at).toBeGreaterThanOrEqual(4 * 60_000 * TIME_SCALE - 5);

    const log = await waitUntil(async () => {
      const r = await hook(sb.url, "GET", `/__sandbox/webhooks?paymentId=${paymentId}`);
      return r.body.items[0]?.status === "SUCCEEDED" ? r.body.items : undefined;
    });
    expect(log[0].attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(log[0].executions).toBe(3);
  });

  it("when the receiver never answers 2xx, then the sandbox gives up after six executions and records FAILED", async () => {
    status = 503;
    // a faster clock of its own: the sixth execution comes 1+4+16+64+256 = 341 minutes after the first
    const fast = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url, SANDBOX_WEBHOOK_TIME_SCALE: "0.00005" });
    try {
      const paymentId = newPaymentId();
      expect(
        (await hook(fast.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID", totalAmount: 1000 }))
          .status,
      ).toBe(200);
      const log = await waitUntil(async () => {
        const r = await hook(fast.url, "GET", `/__sandbox/webhooks?paymentId=${paymentId}`);
        return r.body.items[0]?.status === "FAILED" ? r.body.items : undefined;
      }, 8000);
      expect(log[0].executions).toBe(6);
      expect(forPayment(paymentId)).toHaveLength(6);
      const gaps = forPayment(paymentId).map((m, i, all) => (i === 0 ? 0 : m.at - all[i - 1]!.at));
      expect(gaps[5]).toBeGreaterThanOrEqual(256 * 60_000 * 0.00005 - 5);
      const fastClient = PortOneClient({ secret: API_SECRET, baseUrl: fast.url });
      const p = await fastClient.payment.getPayment({ paymentId });
      if (p.status !== "PAID") throw new Error(`expected PAID, got ${String(p.status)}`);
      expect(p.webhooks?.[0]).toMatchObject({ status: "FAILED_NOT_OK_RESPONSE", currentExecutionCount: 6, response: { code: "503" } });
      expect(openApi().errors("Payment", p)).toEqual([]);
    } finally {
      await fast.stop();
    }
  }, 15_000);

  it("when a payment fails, is partly cancelled, then fully cancelled, then Failed/PartialCancelled/Cancelled arrive with cancellation ids", async () => {
    const failedId = newPaymentId();
    await pay(failedId, "FAILED");
    const paidId = newPaymentId();
    await pay(paidId, "PAID", 9000);
    const partial = await client.payment.cancelPayment({ paymentId: paidId, amount: 1000, reason: "부분" });
    const full = await client.payment.cancelPayment({ paymentId: paidId, reason: "전액" });
    await waitUntil(() => forPayment(failedId).length === 1 && forPayment(paidId).length === 3);
    const failed = await Webhook.verify(WEBHOOK_SECRET, forPayment(failedId)[0]!.body, forPayment(failedId)[0]!.headers);
    expect(failed.type).toBe("Transaction.Failed");
    const types = await Promise.all(forPayment(paidId).map((m) => Webhook.verify(WEBHOOK_SECRET, m.body, m.headers)));
    expect(types.map((w) => w.type).sort()).toEqual(["Transaction.Cancelled", "Transaction.Paid", "Transaction.PartialCancelled"]);
    const byType = Object.fromEntries(types.map((w) => [w.type, w]));
    expect((byType["Transaction.PartialCancelled"] as { data: { cancellationId: string } }).data.cancellationId).toBe(
      (partial.cancellation as { id: string }).id,
    );
    expect((byType["Transaction.Cancelled"] as { data: { cancellationId: string } }).data.cancellationId).toBe(
      (full.cancellation as { id: string }).id,
    );
  });

  it("when a cancel asks skipWebhook, then no webhook is sent for it", async () => {
    const paymentId = newPaymentId();
    await pay(paymentId);
    await waitUntil(() => forPayment(paymentId).length === 1);
    await client.payment.cancelPayment({ paymentId, reason: "조용히", skipWebhook: true });
    await new Promise((r) => setTimeout(r, 150));
    expect(forPayment(paymentId)).toHaveLength(1);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "CANCELLED" });
  });
});

describe("webhook faults", () => {
  it("when a duplicate fault is set, then the same message (same webhook-id) arrives twice", async () => {
    const f = await hook(sb.url, "POST", "/__sandbox/faults", { webhooks: [{ kind: "duplicate", times: 1 }] });
    expect(f.status).toBe(201);
    const paymentId = newPaymentId();
    await pay(paymentId);
    await waitUntil(() => forPayment(paymentId).length === 2);
    const [a, b] = forPayment(paymentId);
    expect(a!.headers["webhook-id"]).toBe(b!.headers["webhook-id"]);
    await expect(Webhook.verify(WEBHOOK_SECRET, b!.body, b!.headers)).resolves.toMatchObject({ type: "Transaction.Paid" });
    // times: 1 — the next payment is delivered once
    const next = newPaymentId();
    await pay(next);
    await waitUntil(() => forPayment(next).length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(forPayment(next)).toHaveLength(1);
    expect((await hook(sb.url, "GET", "/__sandbox/faults")).body.webhooks).toEqual([]);
  });

  it("when a drop fault is set, then the webhook never arrives and the log says DROPPED, while getPayment still shows PAID", async () => {
    await hook(sb.url, "POST", "/__sandbox/faults", { webhooks: [{ kind: "drop", times: 1, eventType: "Transaction.Paid" }] });
    const paymentId = newPaymentId();
    await pay(paymentId);
    await new Promise((r) => setTimeout(r, 200));
    expect(forPayment(paymentId)).toHaveLength(0);
    const log = await hook(sb.url, "GET", `/__sandbox/webhooks?paymentId=${paymentId}`);
    expect(log.body.items).toEqual([expect.objectContaining({ status: "DROPPED", type: "Transaction.Paid", attempts: [] })]);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });

  it("when a delay fault is set, then the webhook arrives no sooner than the delay", async () => {
    await hook(sb.url, "POST", "/__sandbox/faults", { webhooks: [{ kind: "delay", delayMs: 400 }] });
    const paymentId = newPaymentId();
    const started = Date.now();
    await pay(paymentId);
    await new Promise((r) => setTimeout(r, 200));
    expect(forPayment(paymentId)).toHaveLength(0);
    await waitUntil(() => forPayment(paymentId).length === 1, 3000);
    expect(forPayment(paymentId)[0]!.at - started).toBeGreaterThanOrEqual(400);
    expect((await hook(sb.url, "DELETE", "/__sandbox/faults")).status).toBe(204);
    expect((await hook(sb.url, "GET", "/__sandbox/faults")).body).toEqual({ webhooks: [], rest: [] });
  });

  it("when a fault body is invalid, then 400 INVALID_REQUEST and no rule is added", async () => {
    const r = await hook(sb.url, "POST", "/__sandbox/faults", { rest: [{ kind: "error", path: "([" }] });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe("INVALID_REQUEST");
    expect((await hook(sb.url, "GET", "/__sandbox/faults")).body.rest).toEqual([]);
  });
});
