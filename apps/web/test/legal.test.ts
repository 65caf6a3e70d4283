/**
 * The PG-review documents as the law reads, and the PG's field limits where they are typed: the
 * built app behind its standalone server (no services), driven in Chromium on a phone viewport.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AppProcess } from "@preprint/test-support/app-process";
import { collectPageErrors, hasNoHorizontalScroll, launchBrowser, phoneContext, screenshot, startTogether } from "./support/browser";
import { startWebServer } from "./support/web-server";

// values no default contains, so seeing them proves the page reads configuration
const OPERATOR = {
  SITE_PG_PROVIDER: "토스페이먼츠(주)",
  SITE_EMAIL_PROVIDER: "한빛메일 발송대행(주)",
  SITE_HOSTING_PROVIDER: "한빛클라우드(주)",
  SITE_POLICY_EFFECTIVE_DATE: "2027-01-15",
};
const HISTORY = [
  { version: "1.0", date: "2026-12-01", summary: "제정", url: "https://hanbit-print.example/privacy/1.0" },
  { version: "1.1", date: "2027-01-15", summary: "처리 위탁 수탁자 변경" },
];

let web: AppProcess;
let browser: Browser;
let context: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "web-legal-"));
  const file = path.join(dir, "site.json");
  await writeFile(file, JSON.stringify({ policies: { privacyHistory: HISTORY } }));
  await startTogether([
    startWebServer({ ...OPERATOR, SITE_CONFIG_FILE: file }).then((w) => (web = w)),
    launchBrowser().then((b) => (browser = b)),
  ]);
  context = await phoneContext(browser, web.url);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await web?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The table's rows once /site.json is applied (the page first renders with the built-in defaults). */
async function rowsOf(page: Page, testId: string): Promise<string[]> {
  await page.getByText(OPERATOR.SITE_HOSTING_PROVIDER).first().waitFor();
  return page.getByTestId(testId).locator("tbody tr").allTextContents();
}

describe("privacy policy", () => {
  test("when it opens, then it names every processor: PortOne, the configured PG, e-mail provider and host", async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto("/policies/privacy");
    const rows = (await rowsOf(page, "privacy-processors")).join("\n");
    expect(rows).toContain("코리아포트원");
    for (const v of [OPERATOR.SITE_PG_PROVIDER, OPERATOR.SITE_EMAIL_PROVIDER, OPERATOR.SITE_HOSTING_PROVIDER]) expect(rows).toContain(v);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, "legal-phone-privacy");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("when it opens, then its cookie section names the refresh cookie, and the app indeed stores nothing else in the browser", async () => {
    const page = await context.newPage();
    for (const p of ["/", "/signup", "/login", "/policies/privacy"]) await page.goto(p);
    await page.getByTestId("privacy-cookies").waitFor();
    const cookies = (await rowsOf(page, "privacy-cookies")).join("\n");
    expect(cookies).toContain("preprint_refresh");
    expect(cookies).toContain("HttpOnly");
    await page.getByText("localStorage, sessionStorage 등 브라우저 저장소에 정보를 저장하지 않으며").waitFor();
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    expect(stored).toEqual({ local: 0, session: 0, cookie: "" });
    await page.close();
  });

  test("when versions are configured, then the change history lists them dated, newest first, the one in force marked", async () => {
    const page = await context.newPage();
    await page.goto("/policies/privacy");
    const rows = await rowsOf(page, "privacy-history");
    expect(rows).toEqual(["1.1 (현행)2027-01-15처리 위탁 수탁자 변경", "1.02026-12-01제정 이전 방침 보기"]);
    await expect(page.getByRole("link", { name: "이전 방침 보기" }).getAttribute("href")).resolves.toBe(HISTORY[0]!.url);
    await page.close();
  });
});

describe("refund documents", () => {
  test("when the e-commerce page opens, then §17 is cited as written: the 7-day withdrawal, the made-to-order exception §17②6 with 시행령 §21 and consent", async () => {
    const page = await context.newPage();
    await page.goto("/policies/ecommerce");
    const text = (await page.locator("article.policy").textContent()) ?? "";
    expect(text).toContain("7일 안에 청약을 철회할 수 있으며(제17조 제1항)");
    expect(text).toContain("제17조 제2항 제6호, 시행령 제21조");
    expect(text).toContain("동의한 경우에만");
    expect(text).not.toContain("제4호");
    await page.close();
  });

  test("when the terms and the refund procedure open, then both state the 7-day withdrawal and the full refund before printing", async () => {
    const page = await context.newPage();
    for (const p of ["/policies/terms", "/policies/refund"]) {
      await page.goto(p);
      const text = (await page.locator("article.policy").textContent()) ?? "";
      expect(text).toContain("7일 안에");
      expect(text).toContain("제17조 제2항 제6호");
      expect(text).toMatch(/인쇄가 시작되기 전에는 언제든 취소할 수 있[고으]/);
    }
    await page.close();
  });
});

describe("the PG's field limits at sign-up", () => {
  async function fillSignup(page: Page, name: string, email: string) {
    await page.goto("/signup");
    await page.getByLabel("이름", { exact: true }).fill(name);
    await page.getByLabel("이메일", { exact: true }).fill(email);
    await page.getByLabel("비밀번호", { exact: true }).fill("correct-horse-9");
    await page.getByLabel("휴대폰 번호").fill("010-1234-5678");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "가입하기" }).click();
  }

  async function reasonFor(page: Page, label: string): Promise<string | null> {
    const input = page.getByLabel(label, { exact: true });
    await expect(input.getAttribute("aria-invalid")).resolves.toBe("true");
    const describedBy = (await input.getAttribute("aria-describedby")) ?? "";
    return page.locator(`[id="${describedBy.split(" ").pop()}"]`).textContent();
  }

  test("when the name has 31 characters, then the form says so in Korean on the name field and sends nothing", async () => {
    const page = await context.newPage();
    const sent: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/api/auth/signup")) sent.push(r.url());
    });
    await fillSignup(page, "가".repeat(31), "kim@example.com");
    await expect(reasonFor(page, "이름")).resolves.toBe("이름은 30자 이내로 입력해 주세요.");
    expect(await page.getByLabel("이름", { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(sent).toEqual([]);
    await screenshot(page, "legal-phone-signup-name-too-long");
    await page.close();
  });

  test("when the e-mail has 61 characters, then the form says so in Korean on the e-mail field", async () => {
    const page = await context.newPage();
    await fillSignup(page, "김민지", `${"a".repeat(61 - "@example.com".length)}@example.com`);
    await expect(reasonFor(page, "이메일")).resolves.toBe("이메일 주소는 60자 이내로 입력해 주세요.");
    await page.close();
  });
});
