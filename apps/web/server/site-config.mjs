// Builds the site configuration (/site.json) an operator controls without rebuilding the app:
// a JSON file (SITE_CONFIG_FILE) and/or SITE_* environment variables, env winning. Keys left out
// keep the Korean defaults compiled into the app (src/site/config.ts).
import { readFileSync } from "node:fs";

/** env name → path in site.json; the README's table is generated from the same list. */
export const SITE_ENV = [
  ["SITE_SERVICE_NAME", "serviceName", "서비스 이름 (헤더, 문서 제목)"],
  ["SITE_COMPANY_NAME", "company.name", "상호"],
  ["SITE_REPRESENTATIVE", "company.representative", "대표자"],
  ["SITE_BUSINESS_NUMBER", "company.businessNumber", "사업자등록번호"],
  ["SITE_MAIL_ORDER_NUMBER", "company.mailOrderNumber", "통신판매업 신고번호"],
  ["SITE_ADDRESS", "company.address", "사업장 주소"],
  ["SITE_PHONE", "company.phone", "대표 전화 (유선)"],
  ["SITE_EMAIL", "company.email", "대표 이메일"],
  ["SITE_HOSTING_PROVIDER", "company.hostingProvider", "호스팅 서비스 제공자"],
  ["SITE_PG_PROVIDER", "processors.pg", "결제대행사(PG) 상호 — 개인정보 처리 위탁 (예: 스마트로(주), 테스트 단계는 토스페이먼츠(주))"],
  ["SITE_EMAIL_PROVIDER", "processors.email", "이메일 발송 대행 (SMTP 제공자) — 개인정보 처리 위탁"],
  ["SITE_PRIVACY_OFFICER_NAME", "privacyOfficer.name", "개인정보 보호책임자 성명"],
  ["SITE_PRIVACY_OFFICER_TITLE", "privacyOfficer.title", "개인정보 보호책임자 직책"],
  ["SITE_PRIVACY_OFFICER_PHONE", "privacyOfficer.phone", "개인정보 보호책임자 전화"],
  ["SITE_PRIVACY_OFFICER_EMAIL", "privacyOfficer.email", "개인정보 보호책임자 이메일"],
  ["SITE_SUPPORT_HOURS", "support.hours", "고객센터 운영 시간"],
  ["SITE_SUPPORT_RESPONSE_DAYS", "support.responseDays", "이메일 답변 기한 (영업일, 숫자)"],
  ["SITE_SUPPORT_KAKAO_CHANNEL", "support.kakaoChannel", "카카오톡 채널 (선택)"],
  ["SITE_POLICY_EFFECTIVE_DATE", "policies.effectiveDate", "약관·방침 시행일 (YYYY-MM-DD)"],
  ["SITE_REFUND_DAYS", "policies.refundDays", "카드 환불 반영 기간 문구 (예: 3–7영업일)"],
  ["SITE_FILE_RETENTION_DAYS", "policies.fileRetentionDays", "업로드 파일 보관 일수 (숫자)"],
];

const NUMERIC = new Set(["support.responseDays", "policies.fileRetentionDays"]);

function setPath(obj, path, value) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys.at(-1)] = value;
}

function deepMerge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? deepMerge(a?.[k] ?? {}, v) : v;
  }
  return out;
}

/** The overrides from SITE_CONFIG_FILE then SITE_* env. Throws with the key's name on a bad value. */
export function siteConfigFromEnv(env = process.env, baseFile) {
  let cfg = {};
  for (const file of [baseFile, env.SITE_CONFIG_FILE].filter(Boolean)) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      if (file === baseFile && err.code === "ENOENT") continue;
      throw new Error(`SITE_CONFIG_FILE: cannot read ${file}: ${err.message}`, { cause: err });
    }
    try {
      cfg = deepMerge(cfg, JSON.parse(text));
    } catch (err) {
      throw new Error(`SITE_CONFIG_FILE: ${file} is not valid JSON: ${err.message}`, { cause: err });
    }
  }
  for (const [name, path] of SITE_ENV) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    if (NUMERIC.has(path)) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
      setPath(cfg, path, n);
    } else setPath(cfg, path, raw.trim());
  }
  return cfg;
}

/**
 * What 전자상거래법 §10 (and the PG review) requires on a site that takes real payments: the
 * business's identity in every page's footer. Required in the `test` and `live` payment stages
 * (PORTONE_MODE); the sandbox runs on the sample values.
 */
export const REQUIRED_FOR_PAYMENTS = [
  "SITE_COMPANY_NAME",
  "SITE_REPRESENTATIVE",
  "SITE_BUSINESS_NUMBER",
  "SITE_MAIL_ORDER_NUMBER",
  "SITE_ADDRESS",
  "SITE_PHONE",
  "SITE_EMAIL",
  "SITE_HOSTING_PROVIDER",
  "SITE_PRIVACY_OFFICER_NAME",
];

/** The sample values' shapes: an operator who copied them has not set their own. */
const PLACEHOLDER = /example|0000|123-45-67890|김대표|김개인|홍길동|todo|change ?me|xxx|샘플|예시|^<.*>$/i;

/** 국세청 사업자등록번호 check digit: weights 1,3,7,1,3,7,1,3,5 plus the carry of the ninth digit. */
export function validBusinessNumber(value) {
  const d = value.replace(/-/g, "");
  if (!/^\d{10}$/.test(d)) return false;
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * w[i];
  sum += Math.floor((Number(d[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10 === Number(d[9]);
}

function getPath(obj, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** One line per missing or sample-looking item, naming the variable; empty in the sandbox. */
export function merchantProblems(cfg, mode) {
  if (mode !== "test" && mode !== "live") return [];
  const problems = [];
  for (const name of REQUIRED_FOR_PAYMENTS) {
    const [, path, label] = SITE_ENV.find(([n]) => n === name);
    const v = getPath(cfg, path);
    if (typeof v !== "string" || v.trim() === "") problems.push(`${name}: required in ${mode} (${label}, 전자상거래법 §10)`);
    else if (PLACEHOLDER.test(v)) problems.push(`${name}: "${v}" is a sample value; set the business's own ${label}`);
    else if (name === "SITE_BUSINESS_NUMBER" && !validBusinessNumber(v))
      problems.push(`${name}: "${v}" is not a valid 사업자등록번호 (000-00-00000 with its check digit)`);
  }
  return problems;
}
