import { looksLikePlaceholderSecret } from "@preprint/service-kit/config";

const LOOPBACK = /^(localhost|127\.|\[::1\]$)/;

/**
 * What the gateway refuses in the payment stages that take real cards (PORTONE_MODE test and
 * live), naming the variable: a public origin without https (cookies would travel in clear; a
 * loopback origin is accepted in test, for a rehearsal on one machine), a placeholder JWT secret,
 * a cross-origin caller without https.
 */
export function gatewayStageProblems(c: {
  PORTONE_MODE: "sandbox" | "test" | "live";
  PUBLIC_BASE_URL: string;
  JWT_SECRET: string;
  CORS_ORIGINS: string[];
}): string[] {
  if (c.PORTONE_MODE === "sandbox") return [];
  const p: string[] = [];
  const httpsOrRehearsal = (value: string) => {
    const u = new URL(value);
    return u.protocol === "https:"
      ? !(c.PORTONE_MODE === "live" && LOOPBACK.test(u.hostname))
      : c.PORTONE_MODE === "test" && LOOPBACK.test(u.hostname);
  };
  if (!httpsOrRehearsal(c.PUBLIC_BASE_URL))
    p.push(`PUBLIC_BASE_URL: ${c.PORTONE_MODE} needs the public https origin (got ${new URL(c.PUBLIC_BASE_URL).origin})`);
  for (const o of c.CORS_ORIGINS) if (!httpsOrRehearsal(o)) p.push(`CORS_ORIGINS: ${o} is not an https origin`);
  if (looksLikePlaceholderSecret(c.JWT_SECRET)) p.push("JWT_SECRET: a placeholder; generate one (e.g. openssl rand -base64 48)");
  return p;
}
