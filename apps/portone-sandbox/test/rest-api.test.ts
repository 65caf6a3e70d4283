import { PortOneClient, PortOneError } from "@portone/server-sdk";
import { CancelPaymentError, GetPaymentError, GetPaymentsError, PreRegisterPaymentError } from "@portone/server-sdk/payment";
import { validateSdkTraffic } from "./support/openapi";
import { API_SECRET, hook, newPaymentId, startReceiver, startSandbox, STORE_ID, type RunningSandbox } from "./support/sandbox";

/** The REST subset driven by the unmodified @portone/server-sdk; every response is checked against the official schema. */

let sb: RunningSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let traffic: ReturnType<typeof validateSdkTraffic>;
let client: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  receiver = await startReceiver();
  sb = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url });
  traffic = validateSdkTraffic(sb.url);
  client = PortOneClient({ secret: API_SECRET, baseUrl: sb.url, storeId: STORE_ID });
});

afterEach(() => {
  // every SDK response in the test conformed to the OpenAPI schema
  expect(traffic.take()).toEqual([]);
});

afterAll(async () => {
  traffic.restore();
  await sb.stop();
  await receiver.close();
});

async function expectError<E>(
  p: Promise<unknown>,
  cls: new (...args: any[]) => E,
): Promise<E & { data: { type: string; message?: string } }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(cls);
  expect(err).toBeInstanceOf(PortOneError);
  return err as E & { data: { type: string; message?: string } };
}

/** Pre-registers and pays through the test hook, as the checkout page would. */
async function paidPayment(totalAmount = 12_300, payMethod: "CARD" | "EASY_PAY" = "CARD"): Promise<string> {
  const paymentId = newPaymentId();
  await client.payment.preRegisterPayment({ paymentId, totalAmount, currency: "KRW" });
  const r = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
    payMethod,
    outcome: "PAID",
    orderName: "A4 흑백 12쪽",
    customer: { customerId: "cus1", fullName: "김하늘", phoneNumber: "01012345678", email: "sky@example.com" },
    ...(payMethod === "EASY_PAY" ? { easyPayProvider: "KAKAOPAY" } : {}),
  });
  expect(r.status).toBe(200);
  return paymentId;
}

describe("GET /payments/{id}", () => {
  it("when the payment does not exist, then the SDK throws GetPaymentError PAYMENT_NOT_FOUND", async () => {
    const err = await expectError(client.payment.getPayment({ paymentId: newPaymentId() }), GetPaymentError);
    expect(err.data.type).toBe("PAYMENT_NOT_FOUND");
    expect(traffic.checked()).toBeGreaterThan(0);
  });

  it("when the secret is wrong, then 401 UNAUTHORIZED arrives as GetPaymentError and nothing is read", async () => {
    const paymentId = await paidPayment();
    const bad = PortOneClient({ secret: "not-the-secret-at-all", baseUrl: sb.url });
    const err = await expectError(bad.payment.getPayment({ paymentId }), GetPaymentError);
    expect(err.data.type).toBe("UNAUTHORIZED");
    const res = await fetch(`${sb.url}/payments/${paymentId}`);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(traffic.take()).toEqual([]);
    // the right secret still reads it
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });

  it("when a card payment was paid, then it is PAID with the Smartro card channel, a card method and the amounts of record", async () => {
    const paymentId = await paidPayment(12_300);
    const p = await client.payment.getPayment({ paymentId });
    expect(p.status).toBe("PAID");
    if (p.status !== "PAID") throw new Error("narrowing");
    expect(p).toMatchObject({
      id: paymentId,
      storeId: STORE_ID,
      orderName: "A4 흑백 12쪽",
      currency: "KRW",
      version: "V2",
      amount: { total: 12_300, taxFree: 0, vat: 1118, paid: 12_300, cancelled: 0, cancelledTaxFree: 0, discount: 0 },
      channel: { type: "TEST", key: "channel-key-smartro-card", pgProvider: "SMARTRO_V2" },
      method: { type: "PaymentMethodCard" },
      customer: { id: "cus1", name: "김하늘", phoneNumber: "01012345678", email: "sky@example.com" },
      disputes: [],
    });
    expect(Date.parse(p.paidAt)).not.toBeNaN();
    expect(p.transactionId).toEqual(expect.any(String));
  });

  it("when an easy-pay payment was paid, then the method is PaymentMethodEasyPay with its provider on the easy-pay channel", async () => {
    const paymentId = await paidPayment(5000, "EASY_PAY");
    const p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({
      status: "PAID",
      channel: { key: "channel-key-smartro-easypay", pgProvider: "SMARTRO_V2" },
      method: { type: "PaymentMethodEasyPay", provider: "KAKAOPAY" },
    });
  });

  it("when a storeId the secret cannot reach is asked for, then 403 FORBIDDEN", async () => {
    const paymentId = await paidPayment();
    const err = await expectError(client.payment.getPayment({ paymentId, storeId: "store-someone-else" }), GetPaymentError);
    expect(err.data.type).toBe("FORBIDDEN");
  });
});

describe("POST /payments/{id}/pre-register", () => {
  it("when the body comes as text/plain (as the SDK sends it), then it is parsed as JSON and the amount is enforced", async () => {
    const paymentId = newPaymentId();
    const res = await fetch(`${sb.url}/payments/${paymentId}/pre-register`, {
      method: "POST",
      headers: { authorization: `PortOne ${API_SECRET}`, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ totalAmount: 7000, currency: "KRW" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const mismatch = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, {
      payMethod: "CARD",
      outcome: "PAID",
      totalAmount: 6000,
    });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body).toMatchObject({ type: "AMOUNT_NOT_EQUAL_TO_PREDEFINED", code: "AmountNotEqualToPredefined" });
    const ok = await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
    expect(ok.body.payment).toMatchObject({ status: "PAID", amount: { total: 7000 } });
  });

  it("when the JSON is malformed, then 400 INVALID_REQUEST as JSON, whatever the content type", async () => {
    for (const type of ["application/json", "text/plain"]) {
      const res = await fetch(`${sb.url}/payments/${newPaymentId()}/pre-register`, {
        method: "POST",
        headers: { authorization: `PortOne ${API_SECRET}`, "content-type": type },
        body: "{not json",
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ type: "INVALID_REQUEST" });
    }
  });

  it("when a field has the wrong type, then PreRegisterPaymentError INVALID_REQUEST and no payment is registered", async () => {
    const paymentId = newPaymentId();
    const res = await fetch(`${sb.url}/payments/${paymentId}/pre-register`, {
      method: "POST",
      headers: { authorization: `PortOne ${API_SECRET}` },
      body: JSON.stringify({ totalAmount: "1000" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: "INVALID_REQUEST", message: expect.stringContaining("totalAmount") });
    expect(sb.sandbox.ledger.find(paymentId)).toBeUndefined();
  });

  it("when the payment is already paid, then PreRegisterPaymentError ALREADY_PAID and the amount stays", async () => {
    const paymentId = await paidPayment(3000);
    const err = await expectError(client.payment.preRegisterPayment({ paymentId, totalAmount: 1 }), PreRegisterPaymentError);
    expect(err.data.type).toBe("ALREADY_PAID");
    expect(sb.sandbox.ledger.find(paymentId)?.preRegistered?.totalAmount).toBe(3000);
  });
});

describe("POST /payments/{id}/cancel", () => {
  it("when cancelled partly then fully with currentCancellableAmount, then PARTIAL_CANCELLED then CANCELLED with both cancellations", async () => {
    const paymentId = await paidPayment(10_000);
    const first = await client.payment.cancelPayment({ paymentId, amount: 4000, reason: "일부 환불", currentCancellableAmount: 10_000 });
    expect(first.cancellation).toMatchObject({
      status: "SUCCEEDED",
      totalAmount: 4000,
      taxFreeAmount: 0,
      vatAmount: 364,
      reason: "일부 환불",
      trigger: "API",
    });
    let p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { total: 10_000, cancelled: 4000 } });

    const second = await client.payment.cancelPayment({ paymentId, reason: "전액 환불", currentCancellableAmount: 6000 });
    expect(second.cancellation).toMatchObject({ status: "SUCCEEDED", totalAmount: 6000 });
    p = await client.payment.getPayment({ paymentId });
    expect(p.status).toBe("CANCELLED");
    if (p.status !== "CANCELLED") throw new Error("narrowing");
    expect(p.amount.cancelled).toBe(10_000);
    expect(p.cancellations.map((c) => ("id" in c ? c.id : undefined))).toEqual([
      (first.cancellation as { id: string }).id,
      (second.cancellation as { id: string }).id,
    ]);
    expect(Date.parse(p.cancelledAt)).not.toBeNaN();
  });

  it("when the payment was never paid, then CancelPaymentError PAYMENT_NOT_PAID", async () => {
    const paymentId = newPaymentId();
    await hook(sb.url, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "FAILED", totalAmount: 1000 });
    const err = await expectError(client.payment.cancelPayment({ paymentId, reason: "x" }), CancelPaymentError);
    expect(err.data.type).toBe("PAYMENT_NOT_PAID");
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "FAILED" });
  });

  it("when the payment is already fully cancelled, then CancelPaymentError PAYMENT_ALREADY_CANCELLED and nothing changes", async () => {
    const paymentId = await paidPayment(2000);
    await client.payment.cancelPayment({ paymentId, reason: "전액" });
    const err = await expectError(client.payment.cancelPayment({ paymentId, reason: "again" }), CancelPaymentError);
    expect(err.data.type).toBe("PAYMENT_ALREADY_CANCELLED");
    const p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({ status: "CANCELLED", amount: { cancelled: 2000 } });
    expect((p as { cancellations: unknown[] }).cancellations).toHaveLength(1);
  });

  it("when currentCancellableAmount is stale, then CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN and nothing is cancelled", async () => {
    const paymentId = await paidPayment(8000);
    await client.payment.cancelPayment({ paymentId, amount: 1000, reason: "1" });
    const err = await expectError(
      client.payment.cancelPayment({ paymentId, amount: 1000, reason: "2", currentCancellableAmount: 8000 }),
      CancelPaymentError,
    );
    expect(err.data.type).toBe("CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN");
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({
      status: "PARTIAL_CANCELLED",
      amount: { cancelled: 1000 },
    });
  });

  it("when the amount exceeds what is left, then CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT and nothing is cancelled", async () => {
    const paymentId = await paidPayment(5000);
    await client.payment.cancelPayment({ paymentId, amount: 3000, reason: "부분" });
    const err = await expectError(client.payment.cancelPayment({ paymentId, amount: 2001, reason: "초과" }), CancelPaymentError);
    expect(err.data.type).toBe("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT");
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ amount: { cancelled: 3000 } });
  });

  it("when the reason is missing, then CancelPaymentError INVALID_REQUEST", async () => {
    const paymentId = await paidPayment(5000);
    const err = await expectError(client.payment.cancelPayment({ paymentId, reason: "" }), CancelPaymentError);
    expect(err.data.type).toBe("INVALID_REQUEST");
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });

  it("when the payment does not exist, then CancelPaymentError PAYMENT_NOT_FOUND", async () => {
    const err = await expectError(client.payment.cancelPayment({ paymentId: newPaymentId(), reason: "x" }), CancelPaymentError);
    expect(err.data.type).toBe("PAYMENT_NOT_FOUND");
  });
});

describe("GET /payments", () => {
  it("when listing with a requestBody filter and page, then only matching payments come back with page info", async () => {
    const cancelledId = await paidPayment(1500);
    await client.payment.cancelPayment({ paymentId: cancelledId, reason: "목록 테스트" });
    const failedId = newPaymentId();
    await hook(sb.url, "POST", `/__sandbox/payments/${failedId}/pay`, { payMethod: "CARD", outcome: "FAILED", totalAmount: 900 });

    const res = await client.payment.getPayments({
      page: { number: 0, size: 50 },
      filter: { status: ["CANCELLED", "FAILED"], storeId: STORE_ID },
    });
    const ids = res.items.map((p) => ("id" in p ? p.id : ""));
    expect(ids).toEqual(expect.arrayContaining([cancelledId, failedId]));
    expect(res.items.every((p) => p.status === "CANCELLED" || p.status === "FAILED")).toBe(true);
    expect(res.page).toMatchObject({ number: 0, size: 50, totalCount: res.items.length });

    const onePage = await client.payment.getPayments({ page: { number: 0, size: 1 }, filter: { status: ["CANCELLED", "FAILED"] } });
    expect(onePage.items).toHaveLength(1);
    expect(onePage.page.totalCount).toBe(res.page.totalCount);
  });

  it("when the page is out of range, then GetPaymentsError INVALID_REQUEST", async () => {
    const err = await expectError(client.payment.getPayments({ page: { number: 60_000, size: 10 } }), GetPaymentsError);
    expect(err.data.type).toBe("INVALID_REQUEST");
  });
});

describe("Idempotency-Key", () => {
  const cancel = (paymentId: string, key: string, body: Record<string, unknown>) =>
    fetch(`${sb.url}/payments/${paymentId}/cancel`, {
      method: "POST",
      headers: { authorization: `PortOne ${API_SECRET}`, "idempotency-key": `"${key}"` },
      body: JSON.stringify(body),
    });

  it("when a cancel is replayed with the same key, then the stored response comes back and the money is cancelled once", async () => {
    const paymentId = await paidPayment(6000);
    const key = `refund${paymentId}`;
    const first = await cancel(paymentId, key, { amount: 1000, reason: "부분 환불" });
    const second = await cancel(paymentId, key, { amount: 1000, reason: "부분 환불" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { cancellation: { id: string } };
    const b = (await second.json()) as { cancellation: { id: string } };
    expect(b.cancellation.id).toBe(a.cancellation.id);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({
      status: "PARTIAL_CANCELLED",
      amount: { cancelled: 1000 },
    });
  });

  it("when the same key comes with a different request, then 400 INVALID_REQUEST and nothing is cancelled", async () => {
    const paymentId = await paidPayment(6000);
    const key = `refund${paymentId}`;
    expect((await cancel(paymentId, key, { amount: 1000, reason: "a" })).status).toBe(200);
    const other = await cancel(paymentId, key, { amount: 2000, reason: "a" });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ type: "INVALID_REQUEST" });
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ amount: { cancelled: 1000 } });
  });

  it("when the key is too short, then 400 INVALID_REQUEST and nothing is cancelled", async () => {
    const paymentId = await paidPayment(6000);
    const res = await cancel(paymentId, "short", { reason: "a" });
    expect(res.status).toBe(400);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
  });
});
