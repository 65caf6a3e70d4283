/**
 * The parts of the web app that need no services: the merchant footer and the six policy pages
 * (PG review), the forms' accessibility, Korean error sentences, and the standalone server.
 * Runs the built app (dist/) behind server/serve.mjs and drives Debian's chromium on a phone viewport.
 */
import { spawnSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AppProcess } from "@preprint/test-support/app-process";
import { collectPageErrors, hasNoHorizontalScroll, launchBrowser, phoneContext, screenshot, startTogether } from "./support/browser";
import { startWebServer, WEB_DIR } from "./support/web-server";

// values no default contains, so seeing them proves the page reads configuration
const OPERATOR = {
  SITE_COMPANY_NAME: "주식회사 한빛인쇄",
  SITE_REPRESENTATIVE: "이운영",
  SITE_BUSINESS_NUMBER: "214-86-12345",
  SITE_MAIL_ORDER_NUMBER: "제2026-서울강남-01234호",
  SITE_ADDRESS: "서울특별시 강남구 테헤란로 123, 4층",
  SITE_PHONE: "02-555-1234",
  SITE_EMAIL: "cs@hanbit-print.example",
  SITE_PRIVACY_OFFICER_NAME: "박보호",
  SITE_PRIVACY_OFFICER_EMAIL: "privacy@hanbit-print.example",
};

const PAGES = [
  { path: "/policies/terms", heading: "이용약관", must: "제1조 (목적)" },
  { path: "/policies/privacy", heading: "개인정보처리방침", must: "개인정보 보호책임자" },
  { path: "/policies/refund", heading: "결제 및 환불 절차", must: "환불 절차" },
  { path: "/policies/support", heading: "고객지원 정책", must: "운영 시간" },
  { path: "/policies/business", heading: "사업자 정보", must: "통신판매업 신고번호" },
  { path: "/policies/ecommerce", heading: "전자상거래법 준수 안내", must: "청약철회" },
];

let web: AppProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  // no API upstream: every /api call answers a problem+json 502, like a gateway with services down
  await startTogether([startWebServer(OPERATOR).then((w) => (web = w)), launchBrowser().then((b) => (browser = b))]);
  context = await phoneContext(browser, web.url);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await web?.stop();
});

async function footerFacts(page: Page): Promise<Record<string, string>> {
  return page
    .locator('[data-testid="business-info"] > div')
    .evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector("dt")?.textContent ?? "", r.querySelector("dd")?.textContent ?? ""])),
    );
}

describe("merchant readiness on a phone", () => {
  test("when an operator sets SITE_* env, then the footer on every page shows those business details", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    for (const path of ["/", "/login", "/payments/return?paymentId=x", ...PAGES.map((p) => p.path)]) {
      await page.goto(path);
      await page.getByText(OPERATOR.SITE_COMPANY_NAME, { exact: true }).first().waitFor();
      const facts = await footerFacts(page);
      expect(facts).toEqual(
        expect.objectContaining({
          상호: OPERATOR.SITE_COMPANY_NAME,
          대표자: OPERATOR.SITE_REPRESENTATIVE,
          사업자등록번호: OPERATOR.SITE_BUSINESS_NUMBER,
          "통신판매업 신고번호": OPERATOR.SITE_MAIL_ORDER_NUMBER,
          주소: OPERATOR.SITE_ADDRESS,
          전화: OPERATOR.SITE_PHONE,
          이메일: OPERATOR.SITE_EMAIL,
        }),
      );
      // the 공정위 page that confirms the business, for the operator's registration number
      await expect(page.getByTestId("ftc-business-info").getAttribute("href")).resolves.toBe(
        `https://www.ftc.go.kr/bizCommPop.do?wrkr_no=${OPERATOR.SITE_BUSINESS_NUMBER.replace(/-/g, "")}`,
      );
      // all six documents are linked from the footer
      const links = await page.getByRole("navigation", { name: "약관 및 정책" }).getByRole("link").allTextContents();
      expect(links).toEqual([
        "이용약관",
        "개인정보처리방침",
        "결제 및 환불 절차",
        "고객지원 정책",
        "사업자 정보",
        "전자상거래법 준수 안내",
      ]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  test.each(PAGES)("when $path opens on a phone, then it shows its document, fits the screen and is saved as a screenshot", async (p) => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(p.path);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(p.heading);
    await page.getByText(p.must).first().waitFor();
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, `static-phone${p.path.replace(/\//g, "-")}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("when the privacy policy opens, then it names the configured privacy officer", async () => {
    const page = await context.newPage();
    await page.goto("/policies/privacy");
    const officer = page.getByTestId("privacy-officer");
    await expect(officer.textContent()).resolves.toContain(OPERATOR.SITE_PRIVACY_OFFICER_NAME);
    await expect(officer.textContent()).resolves.toContain(OPERATOR.SITE_PRIVACY_OFFICER_EMAIL);
    await page.close();
  });

  test("when the footer link is followed by keyboard only, then the policy page opens with focus on its heading", async () => {
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: "이용약관" }).last().focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/policies/terms");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe("이용약관");
    await page.close();
  });
});

describe("forms and errors", () => {
  test("when the sign-up form is sent empty, then each field is labelled, marked invalid with a Korean reason and focus goes to the first", async () => {
    const page = await context.newPage();
    await page.goto("/signup");
    // the app paints after /site.json arrives: count the fields only once it has
    await page.getByRole("button", { name: "가입하기" }).waitFor();
    for (const label of ["이름", "이메일", "비밀번호", "휴대폰 번호"]) {
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    }
    await page.getByRole("button", { name: "가입하기" }).click();
    const name = page.getByLabel("이름", { exact: true });
    await expect(name.getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    // the reason is tied to the input for screen readers
    const describedBy = (await name.getAttribute("aria-describedby")) ?? "";
    const reason = await page.locator(`[id="${describedBy.split(" ").pop()}"]`).textContent();
    expect(reason).toBe("이름을 입력해 주세요.");
    await expect(page.getByLabel("휴대폰 번호").getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshot(page, "static-phone-signup-errors");
    await page.close();
  });

  test("when a keyboard user tabs from the top, then the skip link comes first and jumps to the main content", async () => {
    const page = await context.newPage();
    await page.goto("/login");
    // the app paints after /site.json arrives (0061): tab only once the page is there
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("본문으로 건너뛰기");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    // inside main, the login form: email then password, in visual order
    const order: string[] = [];
    for (let i = 0; i < 2; i++) {
      order.push(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? ""));
      await page.keyboard.press("Tab");
    }
    expect(order).toContain("password");
    await page.close();
  });

  test("when the API is unreachable, then the home page says so in Korean and never shows the error code", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto("/");
    const alert = page.getByRole("alert");
    await expect(alert.textContent()).resolves.toBe("서비스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.");
    const body = (await page.textContent("body")) ?? "";
    expect(body).not.toMatch(/SERVICE_UNAVAILABLE|502|problem/);
    // no payments config came back: no sandbox banner either
    await expect(page.getByTestId("sandbox-banner").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("when a signed-out visitor opens a customer page, then it asks them to log in and keeps where they were going", async () => {
    const page = await context.newPage();
    await page.goto("/reservations");
    await page.getByRole("heading", { name: "로그인이 필요합니다" }).waitFor();
    const href = await page.getByRole("link", { name: "로그인", exact: true }).last().getAttribute("href");
    expect(href).toBe("/login?next=%2Freservations");
    await page.close();
  });
});

describe("standalone server", () => {
  test("when started, then /health/live and /health/ready answer 200 and unknown assets 404 as problem+json", async () => {
    const live = await fetch(`${web.url}/health/live`);
    const ready = await fetch(`${web.url}/health/ready`);
    expect([live.status, ready.status]).toEqual([200, 200]);
    expect(await ready.json()).toEqual({ status: "ok", checks: { dist: "ok" } });
    const missing = await fetch(`${web.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const escape = await fetch(`${web.url}/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
    const site = await (await fetch(`${web.url}/site.json`)).json();
    expect(site.company.name).toBe(OPERATOR.SITE_COMPANY_NAME);
  });

  test("when a SITE_* number is not a number, then the server refuses to start and names the variable", () => {
    const r = spawnSync(process.execPath, ["server/serve.mjs"], {
      cwd: WEB_DIR,
      env: { ...process.env, PORT: "0", SITE_FILE_RETENTION_DAYS: "일주일" },
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SITE_FILE_RETENTION_DAYS must be a whole number");
  });
});
