/**
 * The payment return page tells the truth after money went back: the whole system from the built
 * apps, the sandbox playing the merchant who refunds in PortOne's console, and real Chromium.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSystem, type RunningSystem } from "@preprint/system-tests";
import { makePdf } from "@preprint/test-support";
import { Api } from "./support/api";
import { collectPageErrors, launchBrowser, phoneContext, screenshot, startTogether } from "./support/browser";

let sys: RunningSystem;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await startTogether([startSystem({ holdMinutes: 10 }).then((s) => (sys = s)), launchBrowser().then((b) => (browser = b))]);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sys?.stop();
});

async function signUpInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("이름", { exact: true }).fill("김환불");
  await page.getByLabel("이메일", { exact: true }).fill(email);
  await page.getByLabel("비밀번호", { exact: true }).fill(password);
  await page.getByLabel("휴대폰 번호").fill("010-1234-5678");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "가입하기" }).click();
  await page.getByRole("button", { name: "로그아웃" }).waitFor();
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sandboxHook = (path: string, body: unknown) =>
  fetch(`${sys.urls["portone-sandbox"]}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

test("when a paid reservation is refunded in full in PortOne's console, then the reservation is REFUNDED with its pickup code void and the payment return page, opened again, says refunded", async () => {
  context = await phoneContext(browser, sys.baseUrl);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const email = `console-refund-${Date.now()}@example.com`;
  await signUpInBrowser(page, email, "correct-horse-9");
  const api = await new Api(sys.baseUrl).login(email, "correct-horse-9");
  const { slot } = await api.openSlot(sys.demo.storeId);
  const up = await api.upload(makePdf(2), "환불.pdf");
  const rsv = await api.reserve(sys.demo.storeId, slot.id, up.id);
  const checkout = await api.call(
    "POST",
    "/payments/checkout",
    { reservationId: rsv.id, payMethod: "CARD" },
    { "idempotency-key": crypto.randomUUID() },
  );
  expect(checkout.status).toBe(201);
  const paymentId: string = checkout.body.paymentId;
  expect((await sandboxHook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" })).status).toBe(200);

  // the return page right after paying
  await page.goto(`/payments/return?paymentId=${paymentId}`);
  await expect(page.getByTestId("payment-result").getAttribute("data-result")).resolves.toBe("approved");
  const confirmed = await eventually(
    () => api.call("GET", `/reservations/${rsv.id}`),
    (r) => r.body.status === "CONFIRMED",
  );
  expect(confirmed.body.pickupCode).toMatch(/^\d{6}$/);

  // the merchant refunds the whole payment in PortOne's console; PortOne sends Transaction.Cancelled
  const cancel = await sandboxHook(`/__sandbox/payments/${paymentId}/cancel`, { reason: "콘솔에서 전액 환불" });
  expect(cancel.status).toBe(200);
  const refunded = await eventually(
    () => api.call("GET", `/reservations/${rsv.id}`),
    (r) => r.body.status === "REFUNDED",
  );
  expect(refunded.body).toMatchObject({ status: "REFUNDED", refundedAmount: rsv.totalAmount });
  expect(refunded.body.pickupCode ?? null).toBeNull();
  const view = await api.call("GET", `/payments/${paymentId}`);
  expect(view.body).toMatchObject({ status: "APPROVED", refundStatus: "FULL", refundedAmount: rsv.totalAmount, refundableAmount: 0 });

  // the same return page opened again (a bookmark, the browser's history)
  await page.goto(`/payments/return?paymentId=${paymentId}`);
  const result = page.getByTestId("payment-result");
  await expect(result.getAttribute("data-result")).resolves.toBe("refunded");
  await page.getByRole("heading", { name: "환불된 결제입니다" }).waitFor();
  await expect(result.textContent()).resolves.toContain(`전액(${rsv.totalAmount.toLocaleString("ko-KR")}원) 환불되었습니다`);
  await screenshot(page, "payment-return-refunded");
  expect(errors).toEqual([]);
});
