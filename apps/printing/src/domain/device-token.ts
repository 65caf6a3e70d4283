import { createHash, randomBytes } from "node:crypto";

/**
 * Device tokens: `ppd_` + 43 base64url characters (256 random bits). The prefix lets a secret
 * scanner, a log filter or a person recognise one, and lets the gateway tell a device token from a
 * JWT without decoding it. The cloud keeps only the SHA-256: with 256 random bits there is nothing
 * to guess, so a salt or a slow hash would add cost and no safety.
 */
export const DEVICE_TOKEN_PREFIX = "ppd_";
const TOKEN_SHAPE = /^ppd_[A-Za-z0-9_-]{43}$/;

export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function looksLikeDeviceToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function hashDeviceToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What staff see in the list to tell tokens apart: the prefix and four characters. */
export function tokenHint(token: string): string {
  return `${token.slice(0, DEVICE_TOKEN_PREFIX.length + 4)}…`;
}

export const DEVICE_KINDS = ["KIOSK", "PRINT_AGENT"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
