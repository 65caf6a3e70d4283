import { PortOneClient, PortOneError } from "@portone/server-sdk";
import { CancelPaymentError, GetPaymentError } from "@portone/server-sdk/payment";
import { ConfigError } from "@preprint/service-kit";
import { assertSafeConfig, loadSandboxConfig } from "../src/config";
import { validateSdkTraffic } from "./support/openapi";
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

let sb: RunningSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let client: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  receiver = await startReceiver();
  sb = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url });
  client = PortOneClient({ secret: API_SECRET, baseUrl: sb.url });
});

afterEach(async () => {
  await hook(sb.url, "DELETE", "/__sandbox/faults");
});

afterAll(async () => {
  await sb.stop();
  await receiver.close();
});

async function paid(totalAmount = 5000): Promise<string> {
  const paymentId = newPaymentId();
  await client.payment.preRegisterPayment({ paymentId, totalAmount });
  expect((await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" })).status).toBe(200);
  return paymentId;
}

describe("pay hook", () => {
  it("when totalAmount differs from the pre-registered amount and enforcePreRegistered is false, then the payment is PAID with that amount", async () => {
    const paymentId = newPaymentId();
    await client.payment.preRegisterPayment({ paymentId, totalAmount: 10_000 });
    const refused = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
      payMethod: "CARD",
      outcome: "PAID",
      totalAmount: 100,
    });
    expect(refused.status).toBe(409);
    expect(sb.sandbox.ledger.find(paymentId)?.status).toBeUndefined();

    const r = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
      payMethod: "EASY_PAY",
      easyPayProvider: "TOSSPAY",
      outcome: "PAID",
      totalAmount: 100,
      enforcePreRegistered: false,
    });
    expect(r.status).toBe(200);
    expect(r.body.response).toEqual({ transactionType: "PAYMENT", txId: expect.any(String), paymentId });
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({
      status: "PAID",
      amount: { total: 100, paid: 100 },
      method: { type: "PaymentMethodEasyPay", provider: "TOSSPAY" },
    });
  });

  it("when there is neither a pre-registration nor a totalAmount, then 400 INVALID_REQUEST and no payment", async () => {
    const paymentId = newPaymentId();
    const r = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe("INVALID_REQUEST");
    expect(sb.sandbox.ledger.find(paymentId)).toBeUndefined();
  });

  it("when the payment is already paid, then 409 and it stays paid once", async () => {
    const paymentId = await paid(3000);
    const again = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "FAILED" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "PAYMENT_ALREADY_PAID", code: "PaymentAlreadyPaid" });
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });

  it("when the console cancels part of a payment, then PortOne's objects say so (trigger CONSOLE, schema-valid) and a signed Transaction.PartialCancelled goes out", async () => {
    const paymentId = await paid(5000);
    const traffic = validateSdkTraffic(sb.url);
    try {
      const r = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/cancel`, { amount: 2000, reason: "콘솔에서 부분 환불" });
      expect(r.status).toBe(200);
      expect(r.body.cancellation).toMatchObject({
        status: "SUCCEEDED",
        totalAmount: 2000,
        trigger: "CONSOLE",
        reason: "콘솔에서 부분 환불",
      });
      const p = await client.payment.getPayment({ paymentId });
      expect(p).toMatchObject({
        status: "PARTIAL_CANCELLED",
        amount: { cancelled: 2000 },
        cancellations: [{ trigger: "CONSOLE", totalAmount: 2000 }],
      });
      expect(traffic.take()).toEqual([]);
      expect(traffic.checked()).toBeGreaterThan(0);
    } finally {
      traffic.restore();
    }
    const webhook = await waitUntil(() =>
      receiver.received.find((w) => w.body.includes(paymentId) && w.body.includes("Transaction.PartialCancelled")),
    );
    expect(JSON.parse(webhook!.body).data.cancellationId).toEqual(expect.any(String));
    const rest = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/cancel`, { trigger: "CHARGEBACK" });
    expect(rest.body.cancellation).toMatchObject({ totalAmount: 3000, trigger: "CHARGEBACK" });
    await waitUntil(() => receiver.received.find((w) => w.body.includes(paymentId) && w.body.includes("Transaction.Cancelled")));
    expect((await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/cancel`, {})).body.type).toBe("PAYMENT_ALREADY_CANCELLED");
  });

  it("when paid with channelType LIVE in test mode, then the payment's channel is LIVE (schema-valid) and isTest filters tell it apart", async () => {
    const live = newPaymentId();
    const traffic = validateSdkTraffic(sb.url);
    try {
      await hook(sb.url, "POST", `/__sandbox/payments/${live}/pay`, {
        payMethod: "CARD",
        outcome: "PAID",
        totalAmount: 1000,
        orderName: "라이브 채널",
        channelType: "LIVE",
      });
      await expect(client.payment.getPayment({ paymentId: live })).resolves.toMatchObject({ status: "PAID", channel: { type: "LIVE" } });
      const test = await paid(1000);
      const ids = async (isTest: boolean) =>
        (await client.payment.getPayments({ page: { number: 0, size: 1000 }, filter: { isTest } })).items.map((p) =>
          "id" in p ? p.id : "",
        );
      expect(await ids(false)).toContain(live);
      expect(await ids(false)).not.toContain(test);
      expect(await ids(true)).toContain(test);
      expect(await ids(true)).not.toContain(live);
      expect(traffic.take()).toEqual([]);
    } finally {
      traffic.restore();
    }
  });

  it("when reset, then payments are forgotten", async () => {
    const other = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url });
    try {
      const c = PortOneClient({ secret: API_SECRET, baseUrl: other.url });
      const paymentId = newPaymentId();
      await hook(other.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID", totalAmount: 10 });
      expect((await hook(other.url, "POST", "/__sandbox/reset")).status).toBe(204);
      const err = await c.payment.getPayment({ paymentId }).catch((e: unknown) => e);
      expect((err as GetPaymentError).data.type).toBe("PAYMENT_NOT_FOUND");
      expect((await hook(other.url, "GET", "/__sandbox/webhooks")).body.items).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe("REST faults", () => {
  it("when the next two GETs of a payment fail with 500, then the SDK throws its typed error twice and the third call succeeds", async () => {
    const paymentId = await paid();
    const set = await hook(sb.url, "POST", "/__sandbox/faults", {
      rest: [{ kind: "error", status: 500, method: "GET", path: "^/payments/[^/]+$", times: 2 }],
    });
    expect(set.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const err = await client.payment.getPayment({ paymentId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GetPaymentError);
      expect(err).toBeInstanceOf(PortOneError);
      expect((err as GetPaymentError).data.type).toBe("INTERNAL_SERVER_ERROR");
    }
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
    expect((await hook(sb.url, "GET", "/__sandbox/faults")).body.rest).toEqual([]);
  });

  it("when a cancel hits a 502 fault, then CancelPaymentError PG_PROVIDER (a documented shape) and nothing is cancelled", async () => {
    const paymentId = await paid();
    const traffic = validateSdkTraffic(sb.url);
    try {
      await hook(sb.url, "POST", "/__sandbox/faults", { rest: [{ kind: "error", status: 502, path: "/cancel$", times: 1 }] });
      const err = await client.payment.cancelPayment({ paymentId, reason: "환불" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelPaymentError);
      expect((err as CancelPaymentError).data).toMatchObject({
        type: "PG_PROVIDER",
        pgCode: expect.any(String),
        pgMessage: expect.any(String),
      });
      expect(traffic.take()).toEqual([]);
    } finally {
      traffic.restore();
    }
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID", amount: { cancelled: 0 } });
  });

  it("when a timeout fault holds a call, then the connection drops (a network error, not a PortOneError) and the next call works", async () => {
    const paymentId = await paid();
    await hook(sb.url, "POST", "/__sandbox/faults", { rest: [{ kind: "timeout", delayMs: 150, path: "^/payments/", times: 1 }] });
    const started = Date.now();
    const err = await client.payment.getPayment({ paymentId }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // undici's TypeError comes from another realm than jest's, so compare by name
    expect((err as Error).name).toBe("TypeError");
    expect((err as Error).message).toBe("fetch failed");
    expect(err).not.toBeInstanceOf(PortOneError);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });

  it("when a lose-response fault hits a cancel, then the cancel happens, the caller sees a dropped connection, and a retry with the same Idempotency-Key gets the stored answer", async () => {
    const paymentId = await paid(5000);
    await hook(sb.url, "POST", "/__sandbox/faults", { rest: [{ kind: "lose-response", path: "/cancel$", times: 1 }] });
    const send = () =>
      fetch(`${sb.url}/payments/${paymentId}/cancel`, {
        method: "POST",
        headers: {
          authorization: `PortOne ${API_SECRET}`,
          "content-type": "application/json",
          "idempotency-key": `"lost-answer-${paymentId}"`,
        },
        body: JSON.stringify({ amount: 1000, reason: "부분 환불" }),
      });
    const lost = await send()
      .then((r) => r.text())
      .catch((e: Error) => e);
    expect((lost as Error).name).toBe("TypeError");
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({
      status: "PARTIAL_CANCELLED",
      amount: { cancelled: 1000 },
    });
    const retried = await send();
    expect(retried.status).toBe(200);
    expect((await retried.json()).cancellation).toMatchObject({ status: "SUCCEEDED", totalAmount: 1000 });
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({
      amount: { cancelled: 1000 },
      cancellations: [expect.anything()],
    });
  });

  it("when a delay fault is set, then the call is slow but answers normally", async () => {
    const paymentId = await paid();
    await hook(sb.url, "POST", "/__sandbox/faults", { rest: [{ kind: "delay", delayMs: 250, path: "^/payments/", times: 1 }] });
    const started = Date.now();
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("when an unknown path is called, then 404 is still a JSON {type, message}", async () => {
    const res = await fetch(`${sb.url}/payments-by-cursor`, { headers: { authorization: `PortOne ${API_SECRET}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: "NOT_FOUND", message: expect.any(String) });
  });
});

describe("live mode and configuration", () => {
  const base = { NODE_ENV: "test", PORTONE_API_SECRET: API_SECRET, PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET, PORTONE_STORE_ID: STORE_ID };

  it("when live mode is asked with test hooks on, then start-up is refused", () => {
    const config = loadSandboxConfig({ ...base, SANDBOX_MODE: "live" }, { exitOnError: false });
    expect(() => assertSafeConfig(config)).toThrow(/SANDBOX_TEST_HOOKS must be false/);
    expect(() =>
      assertSafeConfig(loadSandboxConfig({ ...base, SANDBOX_MODE: "live", SANDBOX_TEST_HOOKS: "false" }, { exitOnError: false })),
    ).not.toThrow();
  });

  it("when the webhook secret is not whsec_ base64, then the configuration error names the variable", () => {
    expect(() => loadSandboxConfig({ ...base, PORTONE_WEBHOOK_SECRET: "plain-secret" }, { exitOnError: false })).toThrow(ConfigError);
    expect(() => loadSandboxConfig({ ...base, PORTONE_WEBHOOK_SECRET: "plain-secret" }, { exitOnError: false })).toThrow(
      /PORTONE_WEBHOOK_SECRET/,
    );
  });

  it("when running live, then test hooks answer 403 JSON and payments opened at checkout carry LIVE channels", async () => {
    const live = await startSandbox({ SANDBOX_MODE: "live", SANDBOX_TEST_HOOKS: "false", SANDBOX_WEBHOOK_URL: receiver.url });
    try {
      const paymentId = newPaymentId();
      const r = await hook(live.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
        payMethod: "CARD",
        outcome: "PAID",
        totalAmount: 100,
      });
      expect(r.status).toBe(403);
      expect(r.body.type).toBe("FORBIDDEN");
      expect((await hook(live.url, "GET", "/__sandbox/webhooks")).status).toBe(403);
      expect(live.sandbox.ledger.find(paymentId)).toBeUndefined();

      const q = new URLSearchParams({
        paymentId,
        orderName: "실결제",
        totalAmount: "1000",
        payMethod: "CARD",
        redirectUrl: "https://preprint.example/return",
      });
      const page = await fetch(`${live.url}/checkout?${q}`);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain("테스트 결제");
      const c = PortOneClient({ secret: API_SECRET, baseUrl: live.url });
      await expect(c.payment.getPayment({ paymentId })).resolves.toMatchObject({
        status: "READY",
        channel: { type: "LIVE", key: "channel-key-smartro-card" },
      });
    } finally {
      await live.stop();
    }
  });

  it("when channel keys are configured, then payments carry the configured keys", async () => {
    const custom = await startSandbox({ PORTONE_CHANNEL_KEY_CARD: "channel-key-card-custom", SANDBOX_WEBHOOK_URL: receiver.url });
    try {
      const paymentId = newPaymentId();
      const r = await hook(custom.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
        payMethod: "CARD",
        outcome: "PAID",
        totalAmount: 100,
      });
      expect(r.body.payment.channel).toMatchObject({ key: "channel-key-card-custom", pgProvider: "SMARTRO_V2", type: "TEST" });
      const tossId = newPaymentId();
      const toss = await hook(custom.url, "POST", `/__sandbox/payments/${tossId}/pay`, {
        payMethod: "CARD",
        outcome: "PAID",
        totalAmount: 100,
        channelKey: "channel-key-toss-test",
      });
      expect(toss.body.payment.channel).toMatchObject({ key: "channel-key-toss-test", pgProvider: "TOSSPAYMENTS", type: "TEST" });
      expect(toss.body.payment.pgTxId).toMatch(/^tviva/);
    } finally {
      await custom.stop();
    }
  });
});
