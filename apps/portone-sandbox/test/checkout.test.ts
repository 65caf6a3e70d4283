import { PortOneClient } from "@portone/server-sdk";
import { GetPaymentError } from "@portone/server-sdk/payment";
import { openApi } from "./support/openapi";
import { API_SECRET, newPaymentId, startReceiver, startSandbox, STORE_ID, waitUntil, type RunningSandbox } from "./support/sandbox";

/** The checkout page driven with plain fetch, as the browser would submit its form. */

const REDIRECT = "http://localhost:8080/payments/return?reservationId=rsv1";
let sb: RunningSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let client: ReturnType<typeof PortOneClient>;

beforeAll(async () => {
  receiver = await startReceiver();
  sb = await startSandbox({ SANDBOX_WEBHOOK_URL: receiver.url });
  client = PortOneClient({ secret: API_SECRET, baseUrl: sb.url });
});

afterAll(async () => {
  await sb.stop();
  await receiver.close();
});

function checkoutUrl(paymentId: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    storeId: STORE_ID,
    paymentId,
    orderName: "A4 컬러 양면 24쪽",
    totalAmount: "12300",
    currency: "KRW",
    payMethod: "CARD",
    channelKey: "channel-key-smartro-card",
    "customer.customerId": "cus42",
    "customer.fullName": "이서준",
    "customer.phoneNumber": "01098765432",
    "customer.email": "seojun@example.com",
    customData: JSON.stringify({ reservationId: "rsv1" }),
    redirectUrl: REDIRECT,
    ...extra,
  });
  return `${sb.url}/checkout?${q}`;
}

/** Opens the page and reads the hidden attempt id out of the form. */
async function open(paymentId: string, extra: Record<string, string> = {}) {
  const res = await fetch(checkoutUrl(paymentId, extra), { redirect: "manual" });
  const html = await res.text();
  const transactionId = /name="transactionId" value="([^"]+)"/.exec(html)?.[1];
  return { res, html, transactionId };
}

async function submit(fields: Record<string, string>) {
  return fetch(`${sb.url}/checkout/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

async function preRegister(paymentId: string, totalAmount: number) {
  await client.payment.preRegisterPayment({ paymentId, totalAmount, currency: "KRW" });
}

describe("GET /checkout", () => {
  it("when opened with the SDK's request parameters, then a Korean, accessible page shows the order and the payment is READY", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const { res, html, transactionId } = await open(paymentId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self' http://localhost:8080");
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain("A4 컬러 양면 24쪽");
    expect(html).toContain("₩12,300");
    expect(html).toContain("프리프린트");
    expect(html).toMatch(/<fieldset><legend>결제수단 선택<\/legend>/);
    for (const label of ["신용·체크카드", "카카오페이", "네이버페이", "토스페이"]) expect(html).toContain(label);
    expect(html).toMatch(/value="CARD" checked/);
    expect(transactionId).toBeDefined();

    const p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({
      status: "READY",
      transactionId,
      orderName: "A4 컬러 양면 24쪽",
      amount: { total: 12_300, paid: 0 },
      customer: { id: "cus42", name: "이서준" },
      customData: JSON.stringify({ reservationId: "rsv1" }),
      channel: { key: "channel-key-smartro-card", type: "TEST" },
    });
    expect(openApi().errors("Payment", p)).toEqual([]);
  });

  it("when the parameters are incomplete, then a 400 page says which one and no payment exists", async () => {
    const paymentId = newPaymentId();
    const res = await fetch(
      `${sb.url}/checkout?paymentId=${paymentId}&orderName=x&payMethod=CARD&redirectUrl=${encodeURIComponent(REDIRECT)}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("totalAmount");
    expect(sb.sandbox.ledger.find(paymentId)).toBeUndefined();
  });

  it("when the amount differs from the pre-registered one, then the payer is sent back with AmountNotEqualToPredefined and nothing is charged", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const { res } = await open(paymentId, { totalAmount: "100" });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe("http://localhost:8080/payments/return");
    expect(to.searchParams.get("reservationId")).toBe("rsv1");
    expect(to.searchParams.get("paymentId")).toBe(paymentId);
    expect(to.searchParams.get("code")).toBe("AmountNotEqualToPredefined");
    expect(to.searchParams.get("message")).toEqual(expect.any(String));
    const err = await client.payment.getPayment({ paymentId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GetPaymentError);
    expect((err as GetPaymentError).data.type).toBe("PAYMENT_NOT_FOUND");
  });
});

describe("POST /checkout/pay", () => {
  it("when the payer picks Naver Pay and pays, then the browser is redirected with paymentId and txId, the payment is PAID and Transaction.Paid is sent", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const { transactionId } = await open(paymentId);
    const res = await submit({ paymentId, transactionId: transactionId!, method: "EASY_PAY:NAVERPAY", action: "pay" });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get("location")!);
    expect(to.searchParams.get("paymentId")).toBe(paymentId);
    expect(to.searchParams.get("txId")).toBe(transactionId);
    expect(to.searchParams.get("code")).toBeNull();

    const p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({
      status: "PAID",
      amount: { total: 12_300, paid: 12_300 },
      method: { type: "PaymentMethodEasyPay", provider: "NAVERPAY" },
      channel: { key: "channel-key-smartro-easypay", pgProvider: "SMARTRO_V2" },
    });
    expect(openApi().errors("Payment", p)).toEqual([]);
    await waitUntil(() => receiver.received.find((r) => r.body.includes(paymentId) && r.body.includes("Transaction.Paid")));
  });

  it("when the payer declines, then the browser is redirected with code and message, the payment is FAILED and Transaction.Failed is sent", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const { transactionId } = await open(paymentId);
    const res = await submit({ paymentId, transactionId: transactionId!, method: "CARD", action: "decline" });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get("location")!);
    expect(to.searchParams.get("paymentId")).toBe(paymentId);
    expect(to.searchParams.get("code")).toBe("FAILURE_TYPE_PG");
    expect(to.searchParams.get("message")).toContain("취소");
    expect(to.searchParams.get("pgCode")).toBe("PAY_PROCESS_CANCELED");
    const p = await client.payment.getPayment({ paymentId });
    expect(p).toMatchObject({ status: "FAILED", failure: { pgCode: "PAY_PROCESS_CANCELED" } });
    expect(openApi().errors("Payment", p)).toEqual([]);
    await waitUntil(() => receiver.received.find((r) => r.body.includes(paymentId) && r.body.includes("Transaction.Failed")));
  });

  it("when the form is replayed after paying, or carries another attempt's id, then 409 and the payment is unchanged", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const { transactionId } = await open(paymentId);
    expect((await submit({ paymentId, transactionId: transactionId!, method: "CARD", action: "pay" })).status).toBe(303);
    const replay = await submit({ paymentId, transactionId: transactionId!, method: "CARD", action: "decline" });
    expect(replay.status).toBe(409);
    const forged = await submit({ paymentId, transactionId: "not-the-attempt", method: "CARD", action: "pay" });
    expect(forged.status).toBe(409);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID" });
    // and reopening a paid payment sends the payer back with PaymentAlreadyPaid
    const again = await open(paymentId);
    expect(again.res.status).toBe(303);
    expect(new URL(again.res.headers.get("location")!).searchParams.get("code")).toBe("PaymentAlreadyPaid");
  });

  it("when a declined payment is opened again and paid, then the new attempt succeeds under the same paymentId", async () => {
    const paymentId = newPaymentId();
    await preRegister(paymentId, 12_300);
    const first = await open(paymentId);
    await submit({ paymentId, transactionId: first.transactionId!, method: "CARD", action: "decline" });
    const second = await open(paymentId);
    expect(second.transactionId).not.toBe(first.transactionId);
    expect((await submit({ paymentId, transactionId: second.transactionId!, method: "CARD", action: "pay" })).status).toBe(303);
    await expect(client.payment.getPayment({ paymentId })).resolves.toMatchObject({ status: "PAID", transactionId: second.transactionId });
  });
});
