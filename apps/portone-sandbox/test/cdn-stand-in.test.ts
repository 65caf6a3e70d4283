/**
 * The browser-SDK stand-in and the PC window it opens: the script the CDN URL is answered with,
 * the prepare call that refuses what PortOne refuses before a window opens, and the iframe
 * window whose result goes to the merchant's page (only there) instead of a redirect. A payment
 * finished this way is an ordinary PortOne payment (schema-valid).
 */
import { PortOneClient } from "@portone/server-sdk";
import { openApi } from "./support/openapi";
import { API_SECRET, newPaymentId, startSandbox, STORE_ID, type RunningSandbox } from "./support/sandbox";

const MERCHANT = "http://localhost:8080";
let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

test("when the CDN path is fetched, then a script defining window.PortOne.requestPayment that reaches PortOne's and Smartro's hosts is served", async () => {
  const res = await fetch(`${sb.url}/v2/browser-sdk.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/javascript/);
  const js = await res.text();
  expect(js).toContain("window.PortOne = { requestPayment: requestPayment }");
  for (const host of ["https://checkout-service.prod.iamport.co", "https://tpay.smartropay.co.kr", "https://tmpay.smartropay.co.kr"])
    expect(js).toContain(host);
  const live = await startSandbox({ SANDBOX_MODE: "live", SANDBOX_TEST_HOOKS: "false" });
  try {
    const liveJs = await (await fetch(`${live.url}/v2/browser-sdk.js`)).text();
    expect(liveJs).toContain("https://pay.smartropay.co.kr");
    expect(liveJs).not.toContain("tpay.smartropay.co.kr");
  } finally {
    await live.stop();
  }
});

test("when the merchant's page prepares a payment, then CORS lets it and an unknown store or channel is refused before any window opens", async () => {
  const preflight = await fetch(`${sb.url}/api/prepare/v2`, {
    method: "OPTIONS",
    headers: { origin: MERCHANT, "access-control-request-method": "POST" },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get("access-control-allow-origin")).toBe(MERCHANT);
  const prepare = (data: Record<string, unknown>) =>
    fetch(`${sb.url}/api/prepare/v2`, {
      method: "POST",
      headers: { origin: MERCHANT, "content-type": "application/json" },
      body: JSON.stringify({ data }),
    });
  expect((await prepare({ storeId: STORE_ID, channelKey: "channel-key-smartro-card", paymentId: "p1" })).status).toBe(200);
  expect(await (await prepare({ storeId: "store-other", channelKey: "channel-key-smartro-card" })).json()).toMatchObject({
    code: "StoreNotFound",
  });
  expect(await (await prepare({ storeId: STORE_ID, channelKey: "channel-key-nope" })).json()).toMatchObject({ code: "ChannelNotFound" });
});

test("when the PC window is paid, then only the merchant's page may frame it and the result is posted to that page alone", async () => {
  const paymentId = newPaymentId();
  const q = new URLSearchParams({
    storeId: STORE_ID,
    paymentId,
    orderName: "A4 흑백 10쪽",
    totalAmount: "1000",
    payMethod: "CARD",
    channelKey: "channel-key-smartro-card",
    redirectUrl: `${MERCHANT}/reservations/r1/payment-complete`,
    windowType: "IFRAME",
  });
  const page = await fetch(`${sb.url}/checkout?${q}`);
  expect(page.status).toBe(200);
  expect(page.headers.get("x-frame-options")).toBeNull();
  expect(page.headers.get("content-security-policy")).toContain(`frame-ancestors ${MERCHANT}`);
  const html = await page.text();
  const transactionId = /name="transactionId" value="([^"]+)"/.exec(html)![1]!;
  expect(html).toContain('name="windowType" value="IFRAME"');

  const done = await fetch(`${sb.url}/checkout/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ paymentId, transactionId, method: "CARD", action: "pay", windowType: "IFRAME" }),
    redirect: "manual",
  });
  expect(done.status).toBe(200); // no redirect: the window lives inside the merchant's page
  const result = await done.text();
  expect(result).toContain(`"paymentId":"${paymentId}"`);
  expect(result).toContain(`, "${MERCHANT}");`);
  const payment = await PortOneClient({ secret: API_SECRET, baseUrl: sb.url }).payment.getPayment({ paymentId });
  expect(payment.status).toBe("PAID");
  expect(openApi().errors("Payment", payment)).toEqual([]);

  // the redirect window is still never framed
  const redirectWindow = await fetch(
    `${sb.url}/checkout?${new URLSearchParams({ ...Object.fromEntries(q), paymentId: newPaymentId(), windowType: "REDIRECTION" })}`,
  );
  expect(redirectWindow.headers.get("x-frame-options")).toBe("DENY");
  expect(redirectWindow.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
});
