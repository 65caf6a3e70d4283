import { looksLikePlaceholderSecret } from "@preprint/service-kit";
import type { Stage } from "../domain/stage";

/**
 * What `test` and `live` refuse at start-up that zod alone cannot see. Both stages talk to the real
 * PortOne with identifiers issued by its console, so anything shaped like an example, a sandbox
 * default or a developer's placeholder is a mistake to stop on — naming the variable — before a
 * reviewer or a customer meets it at the first payment.
 */

export interface StageInput {
  PORTONE_MODE: Stage;
  PORTONE_API_BASE_URL: string;
  PORTONE_API_SECRET?: string;
  PORTONE_STORE_ID?: string;
  PORTONE_CHANNEL_KEY_CARD: string;
  PORTONE_CHANNEL_KEY_EASY_PAY: string;
  PORTONE_TEST_CHANNEL_KEYS: string[];
  PORTONE_CHECKOUT_URL?: string;
  PORTONE_SANDBOX_HOOKS: boolean;
  PUBLIC_BASE_URL: string;
  JWT_SECRET: string;
  INTERNAL_JWT_SECRET: string;
  webhookSecrets: string[];
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** PortOne console identifiers: `store-<uuid>` and `channel-key-<uuid>` (lower-case hex). */
export const STORE_ID_FORMAT = new RegExp(`^store-${UUID}$`);
export const CHANNEL_KEY_FORMAT = new RegExp(`^channel-key-${UUID}$`);

const LOOPBACK = /^(localhost|127\.|0\.0\.0\.0|\[?::1\]?$)/;

/** A UUID that no console issues: all one digit, or a counting sequence as examples use. */
function exampleUuid(id: string): boolean {
  const hex = id.replace(/^(store|channel-key)-/, "").replace(/-/g, "");
  return /^(.)\1+$/.test(hex) || /^0+[0-9a-f]{0,2}$/.test(hex) || hex.startsWith("12345678") || hex === "0123456789abcdef0123456789abcdef";
}

/** An origin the public may reach: https, or (test only) a loopback origin for a rehearsal on one machine. */
function publicOriginProblem(key: string, value: string, stage: "test" | "live"): string | undefined {
  const u = new URL(value);
  if (u.protocol === "https:")
    return LOOPBACK.test(u.hostname) && stage === "live" ? `${key}: live needs the public https origin (got ${u.origin})` : undefined;
  if (stage === "test" && LOOPBACK.test(u.hostname)) return undefined;
  return `${key}: ${stage} needs an https origin (got ${u.origin}); http is accepted in test only on a loopback address`;
}

export function stageProblems(c: StageInput): string[] {
  if (c.PORTONE_MODE === "sandbox") return [];
  const stage = c.PORTONE_MODE;
  const p: string[] = [];

  const api = publicOriginProblem("PORTONE_API_BASE_URL", c.PORTONE_API_BASE_URL, stage);
  if (api) p.push(api);
  const pub = publicOriginProblem("PUBLIC_BASE_URL", c.PUBLIC_BASE_URL, stage);
  if (pub) p.push(pub);
  if (c.PORTONE_SANDBOX_HOOKS) p.push(`PORTONE_SANDBOX_HOOKS: must be false in ${stage}`);
  if (c.PORTONE_CHECKOUT_URL) p.push(`PORTONE_CHECKOUT_URL: the sandbox checkout page is not used in ${stage}; unset it`);

  if (c.PORTONE_STORE_ID) {
    if (!STORE_ID_FORMAT.test(c.PORTONE_STORE_ID))
      p.push(`PORTONE_STORE_ID: expected the console's store-<uuid> (got "${c.PORTONE_STORE_ID}")`);
    else if (exampleUuid(c.PORTONE_STORE_ID)) p.push("PORTONE_STORE_ID: an example store id; copy the real one from the PortOne console");
  }
  for (const key of ["PORTONE_CHANNEL_KEY_CARD", "PORTONE_CHANNEL_KEY_EASY_PAY"] as const) {
    const v = c[key];
    if (!CHANNEL_KEY_FORMAT.test(v)) p.push(`${key}: expected the console's channel-key-<uuid> (got "${v}")`);
    else if (exampleUuid(v)) p.push(`${key}: an example channel key; copy the real one from the PortOne console`);
    else if (stage === "live" && c.PORTONE_TEST_CHANNEL_KEYS.includes(v)) {
      p.push(`${key}: listed in PORTONE_TEST_CHANNEL_KEYS as a TEST channel; live takes the LIVE channel's key`);
    }
  }

  if (c.PORTONE_API_SECRET && looksLikePlaceholderSecret(c.PORTONE_API_SECRET))
    p.push("PORTONE_API_SECRET: a placeholder; set the V2 API secret from the PortOne console");
  c.webhookSecrets.forEach((s, i) => {
    if (looksLikePlaceholderSecret(s))
      p.push(
        `${i === 0 ? "PORTONE_WEBHOOK_SECRET" : "PORTONE_WEBHOOK_SECRET_PREVIOUS"}: a placeholder; set the webhook secret from the PortOne console`,
      );
  });
  for (const key of ["JWT_SECRET", "INTERNAL_JWT_SECRET"] as const) {
    if (looksLikePlaceholderSecret(c[key])) p.push(`${key}: a placeholder; generate one (e.g. openssl rand -base64 48)`);
  }
  if (c.JWT_SECRET === c.INTERNAL_JWT_SECRET) {
    p.push("INTERNAL_JWT_SECRET: equal to JWT_SECRET; a user token would then pass as a service token — use two different secrets");
  }
  return p;
}
