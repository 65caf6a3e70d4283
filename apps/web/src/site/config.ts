/**
 * Merchant information (the PG review's footer and policy pages). Every value is configuration:
 * at start-up the app reads `/site.json` (written from SITE_* env by `server/write-site-config.mjs`,
 * served by the standalone server from env, or a file an operator mounts) and merges it over
 * these Korean defaults. No rebuild is needed to change any of it.
 */

export interface SiteConfig {
  serviceName: string;
  company: {
    name: string;
    representative: string;
    businessNumber: string;
    mailOrderNumber: string;
    address: string;
    phone: string;
    email: string;
    hostingProvider: string;
  };
  privacyOfficer: { name: string; title: string; phone: string; email: string };
  /** who processes personal data for the merchant (개인정보 처리 위탁); the deployment decides them */
  processors: {
    /** the PG that runs card and easy-pay payments (Smartro live, Toss Payments in test) */
    pg: string;
    /** who delivers the service's e-mails (the SMTP relay) */
    email: string;
  };
  support: { hours: string; responseDays: number; kakaoChannel: string };
  policies: {
    effectiveDate: string;
    /** working days for a card refund to reach the customer after the cancel at the PG */
    refundDays: string;
    /** days uploaded files are kept after the reservation closes */
    fileRetentionDays: number;
    /** the privacy policy's dated versions, newest first; the one in force is dated effectiveDate */
    privacyHistory: PolicyVersion[];
  };
}

export interface PolicyVersion {
  version: string;
  /** YYYY-MM-DD the version took effect */
  date: string;
  summary: string;
  /** where the full text of an earlier version is kept */
  url?: string;
}

export const DEFAULT_SITE: SiteConfig = {
  serviceName: "프리프린트",
  company: {
    name: "주식회사 프리프린트",
    representative: "김대표",
    businessNumber: "123-45-67890",
    mailOrderNumber: "제2026-서울마포-0000호",
    address: "서울특별시 마포구 와우산로 00, 1층",
    phone: "02-000-0000",
    email: "help@preprint.example",
    hostingProvider: "자체 운영",
  },
  privacyOfficer: { name: "김개인", title: "개인정보 보호책임자", phone: "02-000-0000", email: "privacy@preprint.example" },
  processors: { pg: "스마트로(주)", email: "자체 메일 서버" },
  support: { hours: "평일 10:00–18:00 (점심 12:00–13:00, 주말·공휴일 휴무)", responseDays: 1, kakaoChannel: "" },
  policies: {
    effectiveDate: "2026-12-01",
    refundDays: "3–7영업일",
    fileRetentionDays: 7,
    privacyHistory: [{ version: "1.0", date: "2026-12-01", summary: "제정" }],
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep-merges known keys only, keeping a default wherever the override is empty or mistyped. */
export function mergeSite<T>(base: T, override: unknown): T {
  if (!isObject(base) || !isObject(override)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, def] of Object.entries(base)) {
    const v = override[k];
    if (v === undefined || v === null || v === "") continue;
    if (isObject(def)) out[k] = mergeSite(def, v);
    else if (typeof v === typeof def) out[k] = v;
  }
  return out as T;
}

export async function loadSiteConfig(): Promise<SiteConfig> {
  try {
    const res = await fetch("/site.json", {
      headers: { accept: "application/json" },
      cache: "no-cache",
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return DEFAULT_SITE;
    return mergeSite(DEFAULT_SITE, await res.json());
  } catch {
    return DEFAULT_SITE;
  }
}
