/**
 * E-mail preferences, the inbox's "모두 읽음" and "더 보기", paged reservations, the staff queue
 * fed by the store's live stream, and upload progress — in a real browser against the whole system
 * started from the built apps (see flows.test.ts). Each test asserts the page and then the API.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSystem, type RunningSystem } from "@preprint/system-tests";
import { makeLargePdf, makePdf, TcpProxy } from "@preprint/test-support";
import { freePort } from "@preprint/test-support/app-process";
import { Api } from "./support/api";
import {
  collectPageErrors,
  desktopContext,
  hasNoHorizontalScroll,
  launchBrowser,
  phoneContext,
  screenshot,
  startTogether,
} from "./support/browser";

let sys: RunningSystem;
let browser: Browser;
/** a second origin for the gateway, through a proxy the test can cut (the gateway must allow it) */
let proxyPort: number;

beforeAll(async () => {
  proxyPort = await freePort();
  await startTogether([
    startSystem({ holdMinutes: 10, appEnv: { gateway: { CORS_ORIGINS: `http://127.0.0.1:${proxyPort}` } } }).then((s) => (sys = s)),
    launchBrowser().then((b) => (browser = b)),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

const PASSWORD = "correct-horse-9";
const uniqueEmail = (p: string) => `${p}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function loginInBrowser(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인" }).click();
  await page.getByRole("button", { name: "로그아웃" }).waitFor();
}

/** Reserve, pay at the sandbox and complete through the API; waits for CONFIRMED. */
async function payReservation(customer: Api, slotId: string, pages = 4, fileName = "과제.pdf") {
  const upload = await customer.upload(makePdf(pages), fileName);
  const rsv = await customer.reserve(sys.demo.storeId, slotId, upload.id);
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
    async () => (await customer.call("GET", `/reservations/${rsv.id}`)).body,
    (r) => r.status === "CONFIRMED",
  );
  expect(confirmed.status).toBe("CONFIRMED");
  return rsv;
}

describe("customer on a phone", () => {
  let context: BrowserContext;
  beforeEach(async () => {
    context = await phoneContext(browser, sys.baseUrl);
  });
  afterEach(() => context.close());

  test("when a customer turns optional e-mails off from the inbox, then the page names the payment and refund messages that are always sent and the service keeps the choice", async () => {
    const email = uniqueEmail("prefs");
    const api = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginInBrowser(page, email);
    await page.goto("/notifications");
    await page.getByRole("link", { name: "이메일 알림 설정" }).click();
    await page.getByRole("heading", { level: 1, name: "이메일 알림 설정" }).waitFor();

    const all = page.getByRole("radio", { name: "모든 알림 받기" });
    const required = page.getByRole("radio", { name: "꼭 필요한 안내만 받기" });
    await expect(all.isChecked()).resolves.toBe(true);
    // the legally required messages are named, and the reason is given
    const always = page.getByTestId("always-emailed");
    const alwaysText = (await always.textContent()) ?? "";
    for (const name of ["예약 확정 안내", "결제 실패 안내", "환불 완료 안내"]) expect(alwaysText).toContain(name);
    expect(alwaysText).toContain("설정과 관계없이 항상 이메일로");
    // the hint is wired to the option for screen readers
    await expect(required.getAttribute("aria-describedby")).resolves.toBe("email-required-hint");
    await expect(page.locator("#email-required-hint").textContent()).resolves.toContain("결제·환불 안내만");
    await expect(hasNoHorizontalScroll(page)).resolves.toBe(true);

    await required.check();
    await page.getByRole("button", { name: "저장" }).click();
    await page.getByRole("status").filter({ hasText: "저장했습니다. 이제 결제·환불 관련 안내만 이메일로 보내 드립니다." }).waitFor();
    await screenshot(page, "lists-phone-email-settings");
    const saved = await api.call("GET", "/notifications/preferences");
    expect(saved.body).toEqual({
      emailEnabled: false,
      alwaysEmailed: expect.arrayContaining(["reservation.confirmed", "payment.failed", "refund.completed"]),
    });

    // a fresh load shows what the service keeps
    await page.reload();
    await expect(page.getByRole("radio", { name: "꼭 필요한 안내만 받기" }).isChecked()).resolves.toBe(true);
    // and turning them back on works the same way
    await page.getByRole("radio", { name: "모든 알림 받기" }).check();
    await page.getByRole("button", { name: "저장" }).click();
    await page.getByRole("status").filter({ hasText: "모든 알림을 이메일로 보내 드립니다." }).waitFor();
    expect((await api.call("GET", "/notifications/preferences")).body.emailEnabled).toBe(true);
    expect(errors).toEqual([]);
  });

  test("when a customer has more notifications than one page, then 더 보기 loads the older ones and 모두 읽음으로 표시 marks every one read", async () => {
    const email = uniqueEmail("inbox");
    const customer = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const { slot } = await customer.openSlot(sys.demo.storeId);
    const rsv = await payReservation(customer, slot.id);
    // 20 small staff refunds: each one is a refund.completed notification (+ the confirmation = 21)
    const staff = await new Api(sys.baseUrl).login(sys.demo.staffEmail, sys.demo.password);
    for (let i = 0; i < 20; i++) {
      const r = await staff.call(
        "POST",
        `/staff/reservations/${rsv.id}/refund`,
        { amount: 10, reason: `부분 환불 ${i + 1}` },
        { "idempotency-key": crypto.randomUUID() },
      );
      expect(r.status).toBe(202);
      // one at a time: each partial refund settles before the next is asked for
      await eventually(
        async () => (await customer.call("GET", `/reservations/${rsv.id}`)).body.refundedAmount,
        (n) => n === (i + 1) * 10,
        10_000,
      );
    }
    const unread = await eventually(
      async () => (await customer.call("GET", "/notifications/unread-count")).body.count,
      (n) => n >= 21,
    );
    expect(unread).toBe(21);

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginInBrowser(page, email);
    await page.goto("/notifications");
    await page.getByTestId("unread-count").filter({ hasText: "읽지 않은 알림 21개" }).waitFor();
    const items = page.getByTestId("notification");
    await items.nth(19).waitFor();
    await expect(items.count()).resolves.toBe(20);
    await page.getByRole("button", { name: "더 보기" }).click();
    await items.nth(20).waitFor();
    await expect(items.count()).resolves.toBe(21);
    // everything there is was loaded: no button, focus on the first newly shown item
    await page.getByRole("button", { name: "더 보기" }).waitFor({ state: "detached" });
    // focus moves on the next animation frame after the render (lib/paged focusItem): wait for it
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "notification", undefined, { timeout: 5_000 });
    const focusedId = await page.evaluate(() => document.activeElement?.getAttribute("data-item-id"));
    await expect(items.nth(20).getAttribute("data-item-id")).resolves.toBe(focusedId);
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-item-id")));
    expect(new Set(ids).size).toBe(21);
    // the oldest one (last on the second page) is the payment confirmation
    await expect(items.nth(20).textContent()).resolves.toMatch(/예약|확정/);

    await page.getByRole("button", { name: "모두 읽음으로 표시" }).click();
    await page.getByText("알림 21개를 모두 읽음으로 표시했습니다.").waitFor();
    await page.getByTestId("unread-count").filter({ hasText: "읽지 않은 알림 0개" }).waitFor();
    await expect(page.locator('[data-testid="notification"][data-read="false"]').count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "모두 읽음으로 표시" }).isDisabled()).resolves.toBe(true);
    await screenshot(page, "lists-phone-inbox-all-read");
    expect((await customer.call("GET", "/notifications/unread-count")).body.count).toBe(0);
    const listed = await customer.call("GET", "/notifications?limit=100");
    expect(listed.body.items).toHaveLength(21);
    expect(listed.body.items.every((n: { readAt: string | null }) => n.readAt)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("when a customer has more reservations than one page, then 더 보기 shows the older ones once each and a change on the older page arrives live", async () => {
    const email = uniqueEmail("many");
    const customer = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const { slot } = await customer.openSlot(sys.demo.storeId);
    const upload = await customer.upload(makePdf(1), "한쪽.pdf");
    const created: string[] = [];
    for (let i = 0; i < 21; i++) created.push((await customer.reserve(sys.demo.storeId, slot.id, upload.id)).id);
    const oldest = created[0]!;

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginInBrowser(page, email);
    await page.goto("/reservations");
    const rows = page.getByTestId("reservation-row");
    await rows.nth(19).waitFor();
    await expect(rows.count()).resolves.toBe(20);
    await page.getByText("● 실시간으로 상태를 받고 있습니다").waitFor();
    await page.getByRole("button", { name: "더 보기" }).click();
    await rows.nth(20).waitFor();
    await page.getByRole("button", { name: "더 보기" }).waitFor({ state: "detached" });
    const shown = await rows.locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("data-item-id")));
    // newest first, each exactly once, the same set the API holds
    expect(shown).toEqual([...created].reverse());
    const first = await customer.call("GET", "/reservations?limit=20");
    const second = await customer.call("GET", `/reservations?limit=20&before=${encodeURIComponent(first.body.nextBefore)}`);
    expect([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id)).toEqual(shown);

    // the oldest reservation sits on the second page: cancelling it elsewhere shows there without a reload
    const cancel = await customer.call(
      "POST",
      `/reservations/${oldest}/cancel`,
      { reason: "다른 시간으로" },
      { "idempotency-key": crypto.randomUUID() },
    );
    expect(cancel.status).toBeLessThan(300);
    await page.locator(`[data-testid="reservation-row"][data-status="CANCELLED"]`).waitFor({ timeout: 15_000 });
    await expect(rows.count()).resolves.toBe(21);
    await expect(rows.nth(20).getAttribute("data-status")).resolves.toBe("CANCELLED");
    expect((await customer.call("GET", `/reservations/${oldest}`)).body.status).toBe("CANCELLED");
    await screenshot(page, "lists-phone-reservations-more");
    expect(errors).toEqual([]);
  });

  test("when the reservation page's first answer arrives after a live change was already shown, then the older status does not come back", async () => {
    const email = uniqueEmail("late");
    const customer = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const { slot } = await customer.openSlot(sys.demo.storeId);
    const upload = await customer.upload(makePdf(1), "늦은답.pdf");
    const rsv = await customer.reserve(sys.demo.storeId, slot.id, upload.id);

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginInBrowser(page, email);
    await page.goto("/reservations");
    await page.getByText("● 실시간으로 상태를 받고 있습니다").waitFor();
    // the page's first load gets the real answer (not cancelled yet), held back until after the change
    let releaseFirst: (() => Promise<void>) | undefined;
    await page.route(`**/api/reservations/${rsv.id}`, async (route) => {
      if (releaseFirst) return route.continue();
      const answer = await route.fetch();
      releaseFirst = () => route.fulfill({ response: answer });
    });
    await page.locator(`[data-item-id="${rsv.id}"]`).click();
    await eventually(
      async () => releaseFirst,
      (r) => r !== undefined,
      10_000,
    );

    const cancel = await customer.call(
      "POST",
      `/reservations/${rsv.id}/cancel`,
      { reason: "시간 변경" },
      { "idempotency-key": crypto.randomUUID() },
    );
    expect(cancel.status).toBeLessThan(300);
    const status = page.getByTestId("reservation-status");
    await expect(status.waitFor({ state: "attached", timeout: 15_000 })).resolves.toBeUndefined();
    await eventually(
      () => status.textContent(),
      (t) => t === "CANCELLED",
      15_000,
    );
    await expect(status.textContent()).resolves.toBe("CANCELLED");

    const late = page.waitForResponse((r) => r.url().endsWith(`/api/reservations/${rsv.id}`) && r.request().method() === "GET");
    await releaseFirst!();
    await (await late).finished();
    // give the page time to render what it did with the late answer
    await page.waitForTimeout(500);
    await expect(status.textContent()).resolves.toBe("CANCELLED");
    expect(errors).toEqual([]);
  });

  test("when the stream drops and the reconnect finds the access token expired, then the app refreshes it and resumes with Last-Event-ID so the change made meanwhile still arrives", async () => {
    const email = uniqueEmail("resume");
    const customer = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const { slot } = await customer.openSlot(sys.demo.storeId);
    const upload = await customer.upload(makePdf(1), "재연결.pdf");
    const first = await customer.reserve(sys.demo.storeId, slot.id, upload.id);
    const second = await customer.reserve(sys.demo.storeId, slot.id, upload.id);
    const cancel = (id: string) =>
      customer.call("POST", `/reservations/${id}/cancel`, { reason: "시간 변경" }, { "idempotency-key": crypto.randomUUID() });

    // the browser reaches the gateway through a proxy the test can cut, to drop the open stream
    const proxy = new TcpProxy({ targetPort: Number(new URL(sys.baseUrl).port), listenPort: proxyPort });
    await proxy.start();
    const viaProxy = await phoneContext(browser, `http://127.0.0.1:${proxy.port}`);
    const page = await viaProxy.newPage();
    const errors = collectPageErrors(page);
    const streams: { auth?: string; lastEventId?: string }[] = [];
    let expireNext = false;
    await page.route("**/api/notifications/stream", async (route) => {
      const h = route.request().headers();
      streams.push({ auth: h.authorization, lastEventId: h["last-event-id"] });
      if (expireNext) {
        expireNext = false;
        await route.fulfill({
          status: 401,
          contentType: "application/problem+json",
          body: JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401, code: "TOKEN_EXPIRED" }),
        });
        return;
      }
      await route.continue();
    });
    await loginInBrowser(page, email);
    await page.goto("/reservations");
    await page.getByText("● 실시간으로 상태를 받고 있습니다").waitFor();
    // one event seen, so the app knows where it is
    expect((await cancel(first.id)).status).toBeLessThan(300);
    await page.locator(`[data-testid="reservation-row"][data-status="CANCELLED"]`).waitFor({ timeout: 15_000 });
    const seenBefore = streams.length;

    // the connection drops; while it is down the other reservation changes
    proxy.cut();
    await page.getByText("○ 실시간 연결 대기 중").waitFor();
    expect((await cancel(second.id)).status).toBeLessThan(300);
    expireNext = true;
    proxy.restore();

    // reconnect → 401 → refresh → reconnect with the new token and the last id → the missed change arrives
    await expect(
      page.locator(`[data-testid="reservation-row"][data-status="CANCELLED"]`).nth(1).waitFor({ timeout: 20_000 }),
    ).resolves.toBeUndefined();
    const after = streams.slice(seenBefore);
    const expired = after.findIndex((s) => s.lastEventId);
    expect(expired).toBeGreaterThanOrEqual(0);
    const resumed = after.slice(expired + 1).find((s) => s.auth !== streams[0]!.auth);
    expect(resumed).toBeDefined();
    expect(Number(resumed!.lastEventId)).toBeGreaterThanOrEqual(1);
    // every stream opened after the first event carried the resume point
    expect(after.every((s) => s.lastEventId)).toBe(true);
    expect((await customer.call("GET", `/reservations/${second.id}`)).body.status).toBe("CANCELLED");
    expect(errors).toEqual([]);
    await viaProxy.close();
    await proxy.close();
  });

  test("when a customer uploads a 4 MB PDF, then the progress bar shows and moves to the end before the page count appears", async () => {
    const email = uniqueEmail("big");
    const customer = await new Api(sys.baseUrl).signup(email, PASSWORD);
    const { date, slot } = await customer.openSlot(sys.demo.storeId);
    const pdf = makeLargePdf(5, 4 * 1024 * 1024);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginInBrowser(page, email);
    await page.goto(`/order?storeId=${sys.demo.storeId}&slotId=${encodeURIComponent(slot.id)}&date=${date}`);
    await page.getByLabel("PDF 파일").waitFor();

    // a 4 MB upload on loopback is instant: throttle the upload to ~4 MB/s so its progress can be seen
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 4 * 1024 * 1024,
    });
    // every value the bar shows, sampled in the page (independent of the test's polling)
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const sample = () => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="upload-progress"] progress');
        if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
      };
      new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true });
      setInterval(sample, 10);
    });

    const started = Date.now();
    await page.getByLabel("PDF 파일").setInputFiles({ name: "큰 파일.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByTestId("upload-progress").waitFor();
    await screenshot(page, "lists-phone-upload-progress");
    await expect(page.getByTestId("page-count").first().textContent()).resolves.toBe("5쪽");
    const took = Date.now() - started;
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true); // it moved, not only 0 → done
    // it got (nearly) to the end before the page count replaced it; whether the final 100 is
    // painted depends on the server answering after the last progress frame, so it is not required
    expect(seen.at(-1)).toBeGreaterThanOrEqual(85);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never went backwards
    expect(took).toBeLessThan(15_000);
    await page.getByTestId("upload-progress").waitFor({ state: "detached" });
    // the server counted the pages: the quote is there (5 pages mono A4)
    await page.getByTestId("quote-total").waitFor();
    expect(errors).toEqual([]);
  });
});

describe("staff queue", () => {
  test("when a customer pays while the staff queue is open, then the reservation appears and its status changes from the store's live stream, well before the fallback poll", async () => {
    const customer = await new Api(sys.baseUrl).signup(uniqueEmail("live"), PASSWORD, "최실시간");
    const { date, slot } = await customer.openSlot(sys.demo.storeId);

    const context = await desktopContext(browser, sys.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const queueCalls: number[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/staff/reservations") queueCalls.push(Date.now());
    });
    await page.goto("/login");
    await page.getByLabel("이메일").fill(sys.demo.staffEmail);
    await page.getByLabel("비밀번호").fill(sys.demo.password);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL("**/staff");
    await page.getByLabel("날짜").fill(date);
    await page.locator('[data-testid="staff-live"][data-connected="true"]').waitFor();

    const started = Date.now();
    const rsv = await payReservation(customer, slot.id, 2, "실시간.pdf");
    const item = page.locator(`#rsv-${rsv.id}`);
    await item.waitFor({ timeout: 10_000 }); // the fallback poll is 60 s: only the stream can do this
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect(item.getAttribute("data-status")).resolves.toBe("CONFIRMED");
    await expect(item.textContent()).resolves.toContain("최실시간");

    // another counter (the API here) starts printing: this screen follows without a click
    const staff = await new Api(sys.baseUrl).login(sys.demo.staffEmail, sys.demo.password);
    const printing = await staff.call("POST", `/staff/reservations/${rsv.id}/printing`, {}, { "idempotency-key": crypto.randomUUID() });
    expect(printing.status).toBe(200);
    await page.locator(`#rsv-${rsv.id}[data-status="PRINTING"]`).waitFor({ timeout: 10_000 });
    await screenshot(page, "lists-desktop-staff-live");
    // refetches came from events, not from a 10 s timer
    const afterStart = queueCalls.filter((t) => t >= started);
    expect(afterStart.length).toBeGreaterThan(0);
    expect(afterStart.length).toBeLessThan(10);
    expect((await staff.call("GET", `/staff/reservations/${rsv.id}`)).body.status).toBe("PRINTING");
    expect(errors).toEqual([]);
    await context.close();
  });
});
