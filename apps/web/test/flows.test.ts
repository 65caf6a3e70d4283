/**
 * Full flows in a real browser against the whole system started from the built apps: gateway
 * (serving this app's dist/), reservation, payment, notification, the PortOne sandbox,
 * PostgreSQL and RabbitMQ. Each step asserts what the page shows and what the API then says.
 */
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSystem, type RunningSystem } from "@preprint/system-tests";
import { makePdf } from "@preprint/test-support";
import { Api } from "./support/api";
import { collectPageErrors, desktopContext, launchBrowser, phoneContext, screenshot, startTogether } from "./support/browser";

let sys: RunningSystem;
let browser: Browser;

beforeAll(async () => {
  await startTogether([startSystem({ holdMinutes: 10 }).then((s) => (sys = s)), launchBrowser().then((b) => (browser = b))]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

const uniqueEmail = (p: string) => `${p}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;

async function signUpInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("이름", { exact: true }).fill("김학생");
  await page.getByLabel("이메일", { exact: true }).fill(email);
  await page.getByLabel("비밀번호", { exact: true }).fill(password);
  await page.getByLabel("휴대폰 번호").fill("010-1234-5678");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "가입하기" }).click();
  await page.getByRole("button", { name: "로그아웃" }).waitFor();
}

async function statusOf(api: Api, id: string): Promise<any> {
  return (await api.call("GET", `/reservations/${id}`)).body;
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("customer on a phone", () => {
  // one browser profile per test: a refresh cookie left by another customer must not leak in
  let context: BrowserContext;
  beforeEach(async () => {
    context = await phoneContext(browser, sys.baseUrl);
  });
  afterEach(() => context.close());

  test("when a new customer uploads, reserves and pays in the sandbox, then CONFIRMED arrives live; when they cancel, then REFUNDED arrives live", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const email = uniqueEmail("student");
    await signUpInBrowser(page, email, "correct-horse-9");
    const api = await new Api(sys.baseUrl).login(email, "correct-horse-9");
    const { date, slot } = await api.openSlot(sys.demo.storeId);

    // store, date, slot with remaining capacity; prices before anything is paid
    await page.goto(`/?storeId=${sys.demo.storeId}&date=${date}`);
    await page.getByRole("table", { name: /인쇄 요금/ }).waitFor();
    await page.getByTestId("sandbox-banner").waitFor();
    const slotRadio = page.locator(`input[name="slot"][value="${slot.id}"]`);
    await expect(page.locator("label.slot", { has: slotRadio }).textContent()).resolves.toContain(`${slot.remaining}쪽 남음`);
    await page.locator("label.slot", { has: slotRadio }).click();
    await screenshot(page, "flow-phone-1-slots");
    await page.getByRole("button", { name: "이 시간으로 파일 올리기" }).click();

    // upload with progress, page count from the server
    await page.getByLabel("PDF 파일").setInputFiles({ name: "강의노트.pdf", mimeType: "application/pdf", buffer: makePdf(3) });
    await expect(page.getByTestId("page-count").first().textContent()).resolves.toBe("3쪽");
    // live quote: 3 pages mono A4 = 300, below the 500 minimum → 500; colour ×2 copies = 3 × 400 × 2 = 2,400
    await page.getByTestId("quote-total").waitFor();
    await page.getByRole("radio", { name: "컬러" }).check();
    await page.getByLabel("부수").fill("2");
    await page.getByTestId("quote-total").filter({ hasText: "2,400원" }).waitFor();
    await screenshot(page, "flow-phone-2-quote");

    // the made-to-order notice (전자상거래법 §17②6) is shown apart; without its checkbox there is no reservation to pay
    const policy = (await api.call("GET", "/refund-policy")).body;
    const notice = page.getByTestId("made-to-order-notice");
    await notice.getByText("[주문 제작 인쇄물의 청약철회 제한 안내]").waitFor();
    await page.getByRole("button", { name: "2,400원 예약하기" }).click();
    await notice.getByRole("alert").filter({ hasText: "주문 제작 안내를 읽고 동의해 주세요" }).waitFor();
    const consentBox = page.getByLabel(/인쇄가 시작된 뒤에는 청약철회가 제한되는 데 동의합니다/);
    expect(await consentBox.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/order");
    expect((await api.call("GET", "/reservations")).body.items).toEqual([]);
    await screenshot(page, "flow-phone-2b-consent-required");
    await consentBox.check();
    const beforeConsent = Date.now();
    await page.getByRole("button", { name: "2,400원 예약하기" }).click();

    // reservation: countdown to expiry, the footer on the payment page
    await page.waitForURL(/\/reservations\/[^/]+$/);
    const reservationId = decodeURIComponent(page.url().split("/").pop()!);
    await page.getByTestId("countdown").waitFor();
    await expect(page.getByTestId("business-info").count()).resolves.toBe(1);
    const created = await statusOf(api, reservationId);
    expect(created).toEqual(expect.objectContaining({ status: "PENDING_PAYMENT", totalAmount: 2400 }));
    // the exact text the page showed, its version and the time, kept with the reservation
    expect(created.madeToOrderConsent).toEqual({
      noticeVersion: policy.madeToOrderNotice.version,
      text: policy.madeToOrderNotice.text,
      acceptedAt: expect.any(String),
    });
    expect(Date.parse(created.madeToOrderConsent.acceptedAt)).toBeGreaterThanOrEqual(beforeConsent - 5_000);
    await expect(page.getByTestId("consent-record").textContent()).resolves.toContain(policy.madeToOrderNotice.version);
    await screenshot(page, "flow-phone-3-pay");

    // a second tab on "my reservations", opened before paying: it must change without a reload
    const listPage = await context.newPage();
    await listPage.goto("/reservations");
    await listPage.locator(`[data-testid="reservation-row"][data-status="PENDING_PAYMENT"]`).waitFor();
    await listPage.getByText("● 실시간으로 상태를 받고 있습니다").waitFor();

    await page.getByRole("button", { name: "2,400원 결제하기" }).click();
    await page.waitForURL((u) => u.toString().startsWith(sys.urls["portone-sandbox"]));
    await screenshot(page, "flow-phone-4-sandbox-checkout");
    await page.locator("button.pay").click();

    // back on our return page: completed through the payment service
    await page.waitForURL((u) => u.toString().startsWith(sys.baseUrl) && u.searchParams.has("paymentId"));
    await expect(page.getByTestId("payment-result").getAttribute("data-result")).resolves.toBe("approved");
    await listPage.locator(`[data-testid="reservation-row"][data-status="CONFIRMED"]`).waitFor({ timeout: 20_000 });
    await screenshot(listPage, "flow-phone-5-confirmed-live");
    const confirmed = await statusOf(api, reservationId);
    expect(confirmed.status).toBe("CONFIRMED");
    expect(confirmed.pickupCode).toMatch(/^\d{6}$/);

    // the pickup code, then cancel with the refund preview from the published policy
    await page.goto(`/reservations/${encodeURIComponent(reservationId)}`);
    await expect(page.getByTestId("pickup-code").textContent()).resolves.toBe(confirmed.pickupCode);
    await page.getByRole("button", { name: "예약 취소" }).click();
    const preview = (await api.call("GET", `/reservations/${reservationId}/cancel-preview`)).body;
    await page
      .getByTestId("refund-preview")
      .filter({ hasText: `${preview.refundAmount.toLocaleString("ko-KR")}원` })
      .waitFor();
    await page.getByRole("button", { name: /환불받고 취소/ }).click();
    await page.locator(".badge", { hasText: "환불 완료" }).waitFor({ timeout: 20_000 });
    await screenshot(page, "flow-phone-6-refunded");
    const refunded = await eventually(
      () => statusOf(api, reservationId),
      (r) => r.status === "REFUNDED",
    );
    expect(refunded).toEqual(expect.objectContaining({ status: "REFUNDED", refundedAmount: preview.refundAmount }));

    // the inbox counted the notifications this produced
    const unread = (await api.call("GET", "/notifications/unread-count")).body.count;
    expect(unread).toBeGreaterThan(0);
    await page.goto("/notifications");
    await page
      .getByTestId("unread-count")
      .filter({ hasText: `읽지 않은 알림 ${unread}개` })
      .waitFor();
    expect(errors).toEqual([]);
    await listPage.close();
    await page.close();
  });

  test("when the customer declines in the checkout window, then the return page says so in Korean and the reservation can still be paid", async () => {
    const email = uniqueEmail("decline");
    const api = await new Api(sys.baseUrl).signup(email, "correct-horse-9");
    const { slot } = await api.openSlot(sys.demo.storeId);
    const upload = await api.upload(makePdf(2), "report.pdf");
    const rsv = await api.reserve(sys.demo.storeId, slot.id, upload.id);

    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill("correct-horse-9");
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto(`/reservations/${encodeURIComponent(rsv.id)}`);
    await page.getByRole("radio", { name: "간편결제" }).check();
    await page.getByRole("button", { name: /결제하기/ }).click();
    await page.waitForURL((u) => u.toString().startsWith(sys.urls["portone-sandbox"]));
    await page.locator("button.decline").click();
    await page.waitForURL((u) => u.toString().startsWith(sys.baseUrl) && u.searchParams.has("paymentId"));
    const result = page.getByTestId("payment-result");
    await expect(result.getAttribute("data-result")).resolves.toBe("failed");
    const text = (await result.textContent()) ?? "";
    expect(text).toMatch(/결제/);
    expect(text).not.toMatch(/[A-Z]{3,}_[A-Z_]+/); // no codes
    await screenshot(page, "flow-phone-7-declined");
    const paymentId = new URL(page.url()).searchParams.get("paymentId")!;
    await expect(api.call("GET", `/payments/${paymentId}`).then((r) => r.body.status)).resolves.toBe("FAILED");
    expect((await statusOf(api, rsv.id)).status).toBe("PENDING_PAYMENT");
    // back to the reservation: the pay button is there again
    await page.getByRole("link", { name: /다시 결제/ }).click();
    await page.getByRole("button", { name: /결제하기/ }).waitFor();
    await page.close();
  });
});

describe("policy pages with the services up", () => {
  test("when the refund procedure page opens on a phone, then it renders the published refund tiers", async () => {
    const policy = (await new Api(sys.baseUrl).call("GET", "/refund-policy")).body;
    const context = await phoneContext(browser, sys.baseUrl);
    const page = await context.newPage();
    await page.goto("/policies/refund");
    await page.getByTestId("refund-tiers").waitFor();
    const rows = await page.getByTestId("refund-tiers").locator("tbody tr").allTextContents();
    // before printing, printing, ready: with the made-to-order consent, then without it (always in full)
    const cell = (p: number) => (p === 0 ? "환불 불가 (0%)" : p === 100 ? "전액 (100%)" : `${p}%`);
    expect(rows).toEqual([
      "인쇄 시작 전전액 (100%)전액 (100%)",
      `인쇄가 시작된 뒤${cell(policy.printingPercent)}전액 (100%)`,
      `인쇄 완료(수령 대기) 이후${cell(policy.readyPercent)}전액 (100%)`,
    ]);
    const summary = await page.getByTestId("refund-summary").textContent();
    expect(summary).toContain("제17조 제1항");
    expect(summary).toContain(`${policy.withdrawal.days}일`);
    await page.getByTestId("business-info").waitFor();
    await screenshot(page, "flow-phone-refund-policy");
    await context.close();
  });
});

/** A reservation paid through the API (reserve, pay at the sandbox, complete) and CONFIRMED. */
async function paidReservation(name: string, fileName: string, firstDay = 0) {
  const customer = await new Api(sys.baseUrl).signup(uniqueEmail("paid"), "correct-horse-9", name);
  const { date, slot } = await customer.openSlot(sys.demo.storeId, firstDay);
  const upload = await customer.upload(makePdf(4), fileName);
  const rsv = await customer.reserve(sys.demo.storeId, slot.id, upload.id);
  const checkout = await customer.call(
    "POST",
    "/payments/checkout",
    { reservationId: rsv.id, payMethod: "CARD" },
    { "idempotency-key": crypto.randomUUID() },
  );
  expect(checkout.status).toBe(201);
  const pay = await fetch(`${sys.urls["portone-sandbox"]}/__sandbox/payments/${checkout.body.paymentId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ payMethod: "CARD", outcome: "PAID" }),
  });
  expect(pay.status).toBeLessThan(300);
  await customer.call("POST", `/payments/${checkout.body.paymentId}/complete`, {});
  const confirmed = await eventually(
    () => statusOf(customer, rsv.id),
    (r) => r.status === "CONFIRMED",
  );
  expect(confirmed.status).toBe("CONFIRMED");
  return { customer, date, rsv, paymentId: checkout.body.paymentId as string, confirmed };
}

async function staffPage(date: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await desktopContext(browser, sys.baseUrl);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("이메일").fill(sys.demo.staffEmail);
  await page.getByLabel("비밀번호").fill(sys.demo.password);
  await page.getByRole("button", { name: "로그인" }).click();
  await page.waitForURL("**/staff");
  await page.getByLabel("날짜").fill(date);
  return { context, page };
}

describe("staff", () => {
  test("when staff pick another day while today's queue is still loading, then the late answer for today does not replace the chosen day's queue", async () => {
    const { date, rsv } = await paidReservation("최늦음", "늦음.pdf", 1);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
    expect(date).not.toBe(today);
    const context = await desktopContext(browser, sys.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // today's queue requests (the first load, a reload when the live stream connects) are held back
    // until the chosen day's queue is on screen: the real answers, only later than they would come
    const heldToday: (() => Promise<void>)[] = [];
    await page.route("**/api/staff/reservations?*", async (route) => {
      if (new URL(route.request().url()).searchParams.get("date") === today) heldToday.push(() => route.continue());
      else await route.continue();
    });
    await page.goto("/login");
    await page.getByLabel("이메일").fill(sys.demo.staffEmail);
    await page.getByLabel("비밀번호").fill(sys.demo.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL("**/staff");
    await eventually(
      async () => heldToday.length,
      (n) => n > 0,
      10_000,
    );
    expect(heldToday.length).toBeGreaterThan(0);
    await page.getByLabel("날짜").fill(date);
    const item = page.locator(`#rsv-${rsv.id}`);
    await item.waitFor();

    const lateAnswers: Promise<unknown>[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/api/staff/reservations?") && new URL(r.url()).searchParams.get("date") === today)
        lateAnswers.push(r.finished());
    });
    const held = heldToday.length;
    await Promise.all(heldToday.map((release) => release()));
    await eventually(
      async () => lateAnswers.length,
      (n) => n >= held,
      10_000,
    );
    await Promise.all(lateAnswers);
    // give the page time to render what it did with the late answers
    await page.waitForTimeout(500);
    expect(await item.isVisible()).toBe(true);
    await expect(page.getByLabel("날짜").inputValue()).resolves.toBe(date);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("when a staff refund fails at PortOne, then the queue shows a refund-failed alert until staff acknowledge it", async () => {
    const { date, rsv, paymentId } = await paidReservation("박실패", "실패.pdf");
    // the PG refuses the cancel (PortOne's PG_PROVIDER answer): our refund must fail
    const fault = await fetch(`${sys.urls["portone-sandbox"]}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rest: [{ kind: "error", status: 502, path: `^/payments/${paymentId}/cancel$`, times: 1 }] }),
    });
    expect(fault.status).toBe(201);
    const { context, page } = await staffPage(date);
    const item = page.locator(`#rsv-${rsv.id}`);
    await item.getByRole("button", { name: "환불" }).click();
    await item.getByLabel("환불 금액 (원)").fill("200");
    await item.getByLabel("환불 사유").fill("파일 오류");
    await item.getByRole("button", { name: "환불 요청" }).click();
    const alerts = page.getByTestId("staff-alerts");
    await alerts.locator('li[data-kind="REFUND_FAILED"]', { hasText: rsv.id }).waitFor({ timeout: 20_000 });
    await expect(alerts.textContent()).resolves.toContain("환불 실패");
    await screenshot(page, "flow-desktop-staff-refund-failed");
    await alerts.getByRole("button", { name: "확인 완료" }).first().click();
    await alerts.waitFor({ state: "detached" });
    await context.close();
  });

  test("when staff run a paid reservation through the queue and refund part of it, then each step shows and the services agree", async () => {
    const { customer, date, rsv, confirmed } = await paidReservation("이수령", "과제.pdf");
    const { context, page } = await staffPage(date);
    const errors = collectPageErrors(page);
    const item = page.locator(`#rsv-${rsv.id}`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain("이수령");

    const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("button", { name: "과제.pdf 내려받기" }).click()]);
    expect(download.suggestedFilename()).toBe("과제.pdf");
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    await item.getByRole("button", { name: "인쇄 시작" }).click();
    await page.locator(`#rsv-${rsv.id}[data-status="PRINTING"]`).waitFor();
    await item.getByRole("button", { name: /인쇄 완료/ }).click();
    await page.locator(`#rsv-${rsv.id}[data-status="READY"]`).waitFor();
    // a wrong code is refused in Korean
    await item.getByLabel("수령 코드").fill(confirmed.pickupCode === "000000" ? "111111" : "000000");
    await item.getByRole("button", { name: "수령 처리" }).click();
    await item.getByRole("alert").filter({ hasText: "수령 코드가 일치하지 않습니다" }).waitFor();
    await item.getByLabel("수령 코드").fill(confirmed.pickupCode);
    await item.getByRole("button", { name: "수령 처리" }).click();
    await page.locator(`#rsv-${rsv.id}[data-status="PICKED_UP"]`).waitFor();
    expect((await statusOf(customer, rsv.id)).status).toBe("PICKED_UP");

    // refund part of it with a reason
    await item.getByRole("button", { name: "환불" }).click();
    await item.getByLabel("환불 금액 (원)").fill("300");
    await item.getByLabel("환불 사유").fill("인쇄 얼룩");
    await item.getByRole("button", { name: "환불 요청" }).click();
    await page.getByText("300원 환불을 요청했습니다.").waitFor();
    await screenshot(page, "flow-desktop-staff-queue");
    const after = await eventually(
      () => statusOf(customer, rsv.id),
      (r) => r.refundedAmount === 300,
    );
    expect(after).toEqual(expect.objectContaining({ status: "PICKED_UP", refundedAmount: 300 }));
    expect(errors).toEqual([]);
    await context.close();
  });
});
