/**
 * The SDK branch of src/lib/pay.ts (the branch test and live take) in Chromium, behind the
 * gateway's production security headers. PortOne's hosts are answered by the sandbox: the CDN
 * script URL by its browser-SDK stand-in, checkout-service and Smartro's windows by its prepare
 * call and checkout page — routed in the browser, the app's URLs untouched. Any Content-Security-
 * Policy violation on any page or frame fails the test. PC (promise, iframe) and mobile
 * (redirect, form post) both end CONFIRMED.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import { startSystem, type RunningSystem } from "@preprint/system-tests";
import { makePdf } from "@preprint/test-support";
import { Api } from "./support/api";
import { collectPageErrors, launchBrowser, screenshot, startTogether } from "./support/browser";

/** The hosts PortOne's browser SDK and Smartro's test windows use (ADR 0161). */
const PORTONE_HOSTS =
  /^https:\/\/(cdn\.portone\.io|checkout-service\.prod\.iamport\.co|tpay\.smartropay\.co\.kr|tmpay\.smartropay\.co\.kr)\//;

const console_ = {
  storeId: `store-${randomUUID()}`,
  card: `channel-key-${randomUUID()}`,
  easyPay: `channel-key-${randomUUID()}`,
  apiSecret: randomBytes(40).toString("base64url"),
};
const portoneEnv = {
  PORTONE_API_SECRET: console_.apiSecret,
  PORTONE_STORE_ID: console_.storeId,
  PORTONE_CHANNEL_KEY_CARD: console_.card,
  PORTONE_CHANNEL_KEY_EASY_PAY: console_.easyPay,
};

let sys: RunningSystem;
let browser: Browser;

beforeAll(async () => {
  await startTogether([
    startSystem({
      holdMinutes: 10,
      appEnv: {
        "portone-sandbox": { ...portoneEnv, SANDBOX_TEST_HOOKS: "false" },
        // test refuses a PortOne timeout under a minute (PortOne's advice)
        payment: { ...portoneEnv, PORTONE_MODE: "test", PORTONE_SANDBOX_HOOKS: "false", PORTONE_TIMEOUT_MS: "60000" },
        gateway: { PORTONE_MODE: "test" },
      },
    }).then((s) => (sys = s)),
    launchBrowser().then((b) => (browser = b)),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

interface Violation {
  directive: string;
  blocked: string;
  document: string;
}

/** Routes PortOne's hosts to the sandbox and records every CSP violation in every frame. */
async function portoneContext(opts: { mobile: boolean }): Promise<{ context: BrowserContext; violations: Violation[] }> {
  const context = await browser.newContext({
    baseURL: sys.baseUrl,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    ...(opts.mobile
      ? {
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
          userAgent:
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        }
      : { viewport: { width: 1280, height: 900 } }),
  });
  const violations: Violation[] = [];
  await context.exposeBinding("__cspViolation", (_source, v: Violation) => {
    violations.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        document: e.documentURI,
      });
    });
  });
  await context.route(PORTONE_HOSTS, async (route) => {
    const u = new URL(route.request().url());
    const response = await route.fetch({ url: `${sys.urls["portone-sandbox"]}${u.pathname}${u.search}`, maxRedirects: 0 });
    await route.fulfill({ response });
  });
  return { context, violations };
}

async function pendingReservation(api: Api) {
  const { slot } = await api.openSlot(sys.demo.storeId);
  const upload = await api.upload(makePdf(2), "report.pdf");
  return api.reserve(sys.demo.storeId, slot.id, upload.id);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.each([
  ["PC: the window opens in an iframe and the SDK's promise resolves", false],
  ["mobile: the page leaves for the PG window by a form post and comes back by redirect", true],
])("when a customer pays in the test stage (%s), then no CSP violation occurs and the reservation is CONFIRMED", async (_name, mobile) => {
  const email = `window-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const api = await new Api(sys.baseUrl).signup(email, "correct-horse-9");
  const rsv = await pendingReservation(api);
  const { context, violations } = await portoneContext({ mobile });
  try {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto("/login");
    await page.getByLabel("이메일").fill(email);
    await page.getByLabel("비밀번호").fill("correct-horse-9");
    await page.getByRole("button", { name: "로그인" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto(`/reservations/${encodeURIComponent(rsv.id)}`);

    // the stage is visible, and the footer links the 공정위 page for the registration number
    await page.getByTestId("test-payment-banner").waitFor();
    expect(await page.getByTestId("sandbox-banner").count()).toBe(0);
    const ftc = await page.getByTestId("ftc-business-info").getAttribute("href");
    expect(ftc).toMatch(/^https:\/\/www\.ftc\.go\.kr\/bizCommPop\.do\?wrkr_no=\d{10}$/);
    // the gateway's production CSP is what this page runs under
    const csp = (await page.request.get("/")).headers()["content-security-policy"];
    expect(csp).toContain("form-action 'self' https://checkout-service.prod.iamport.co");

    await page.getByRole("button", { name: /결제하기/ }).click();
    if (mobile) {
      await page.waitForURL((u) => u.hostname === "tmpay.smartropay.co.kr");
      await screenshot(page, "live-window-mobile-pg");
      await page.locator("button.pay").click();
    } else {
      const window = page.frameLocator('iframe[title="결제창"]');
      await window.locator("button.pay").waitFor();
      expect(page.url()).toContain(sys.baseUrl); // the PC window is an iframe on our page
      await screenshot(page, "live-window-pc-iframe");
      await window.locator("button.pay").click();
    }
    await page.waitForURL((u) => u.toString().startsWith(sys.baseUrl) && u.searchParams.has("paymentId"));
    await expect(page.getByTestId("payment-result").getAttribute("data-result")).resolves.toBe("approved");
    const confirmed = await eventually(
      () => api.call("GET", `/reservations/${rsv.id}`),
      (r) => r.body.status === "CONFIRMED",
    );
    expect(confirmed.body.status).toBe("CONFIRMED");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
