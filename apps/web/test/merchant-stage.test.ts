/**
 * The business details 전자상거래법 §10 requires are configuration, and the test and live payment
 * stages do not start without them: the site writer (run by `pnpm start`, the gateway image and
 * the Kubernetes pod at start-up) refuses, naming every missing or sample-looking variable.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const WRITER = path.resolve(__dirname, "../server/write-site-config.mjs");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "site-stage-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [WRITER], { env: { PATH: process.env.PATH, WEB_DIST_DIR: dir, ...env }, encoding: "utf8" });
  return { code: r.status, err: r.stderr };
}

/** A 사업자등록번호 whose check digit is right (computed, not anyone's on purpose). */
function businessNumber(): string {
  const d = "3052654321".slice(0, 9).split("").map(Number);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const sum = d.reduce((s, x, i) => s + x * w[i]!, 0) + Math.floor((d[8]! * 5) / 10);
  const digits = `${d.join("")}${(10 - (sum % 10)) % 10}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

const merchant = {
  SITE_COMPANY_NAME: "주식회사 종이와잉크",
  SITE_REPRESENTATIVE: "박인쇄",
  SITE_BUSINESS_NUMBER: businessNumber(),
  SITE_MAIL_ORDER_NUMBER: "제2027-서울마포-1234호",
  SITE_ADDRESS: "서울특별시 마포구 양화로 45, 2층",
  SITE_PHONE: "02-3141-5926",
  SITE_EMAIL: "help@jongi-ink.kr",
  SITE_HOSTING_PROVIDER: "네이버클라우드(주)",
  SITE_PRIVACY_OFFICER_NAME: "이보호",
};

test.each(["test", "live"])("when PORTONE_MODE=%s has no business details, then the writer refuses naming each §10 item", (mode) => {
  const r = write({ PORTONE_MODE: mode });
  expect(r.code).toBe(1);
  for (const name of Object.keys(merchant)) expect(r.err).toContain(`${name}: required in ${mode}`);
});

test("when the sample values are copied or the registration number's check digit is wrong, then live refuses naming them", () => {
  const r = write({
    PORTONE_MODE: "live",
    ...merchant,
    SITE_PHONE: "02-000-0000",
    SITE_REPRESENTATIVE: "김대표",
    SITE_BUSINESS_NUMBER: "305-26-54320",
  });
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/SITE_PHONE: "02-000-0000" is a sample value/);
  expect(r.err).toMatch(/SITE_REPRESENTATIVE: "김대표" is a sample value/);
  expect(r.err).toMatch(/SITE_BUSINESS_NUMBER: "305-26-54320" is not a valid/);
  expect(r.err).not.toContain("SITE_ADDRESS");
});

test("when every item is set, then live writes site.json; the sandbox still runs on the samples", () => {
  expect(write({ PORTONE_MODE: "live", ...merchant }).code).toBe(0);
  const site = JSON.parse(readFileSync(path.join(dir, "site.json"), "utf8"));
  expect(site.company).toMatchObject({ businessNumber: merchant.SITE_BUSINESS_NUMBER, hostingProvider: "네이버클라우드(주)" });
  expect(write({ PORTONE_MODE: "sandbox" }).code).toBe(0);
  expect(write({}).code).toBe(0);
});
