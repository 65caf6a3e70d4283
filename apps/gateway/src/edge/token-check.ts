import { createTokenVerifier, TokenError, type AccessClaims } from "@preprint/auth";

export type CheckResult =
  { ok: true; claims: AccessClaims } | { ok: false; code: "UNAUTHENTICATED" | "TOKEN_INVALID" | "TOKEN_EXPIRED"; detail: string };

const DETAIL = {
  UNAUTHENTICATED: "Sign in to continue.",
  TOKEN_INVALID: "Your session is not valid. Please sign in again.",
  TOKEN_EXPIRED: "Your session has expired. Please sign in again.",
} as const;

/**
 * The edge token check: @preprint/auth's HS256 verifier (node:crypto, key made once) behind a small
 * cache of tokens already verified. A browser sends the same access token for its whole 15-minute
 * life, so most requests cost one Map lookup instead of an HMAC and two JSON parses. The cache is
 * keyed by the whole token string (signature included) and still honours `exp` on every hit.
 */
export function createTokenCheck(secret: string, maxEntries = 10_000) {
  const verify = createTokenVerifier(secret);
  const cache = new Map<string, AccessClaims>();
  return function check(authorization: string | undefined): CheckResult {
    if (authorization === undefined || authorization.length < 8)
      return { ok: false, code: "UNAUTHENTICATED", detail: DETAIL.UNAUTHENTICATED };
    // "Bearer " prefix, case-insensitive, without allocating for the common spelling
    if (!authorization.startsWith("Bearer ") && authorization.slice(0, 7).toLowerCase() !== "bearer ") {
      return { ok: false, code: "UNAUTHENTICATED", detail: DETAIL.UNAUTHENTICATED };
    }
    const token = authorization.slice(7).trim();
    const hit = cache.get(token);
    const now = Date.now() / 1000;
    if (hit !== undefined) {
      if (hit.exp + 5 >= now) return { ok: true, claims: hit };
      cache.delete(token);
    }
    try {
      const claims = verify(token);
      if (claims.role === "service") {
        // internal tokens are signed with another secret; one that verifies here is a user token
        // with a forged role claim, which the services would refuse anyway
        return { ok: false, code: "TOKEN_INVALID", detail: DETAIL.TOKEN_INVALID };
      }
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(token, claims);
      return { ok: true, claims };
    } catch (err) {
      const code = err instanceof TokenError ? (err.code === "TOKEN_MISSING" ? "UNAUTHENTICATED" : err.code) : "TOKEN_INVALID";
      return { ok: false, code, detail: DETAIL[code] };
    }
  };
}

export type TokenCheck = ReturnType<typeof createTokenCheck>;

/**
 * A store device's token (`Bearer ppd_` + 43 base64url characters, apps/printing): no JWT, so the
 * edge cannot verify it; it is recognised by its shape, passed to the printing service on device
 * routes and refused on every other route.
 */
export function isDeviceAuthorization(authorization: string | undefined): boolean {
  if (authorization === undefined || authorization.length !== 7 + 47) return false;
  return /^bearer ppd_[A-Za-z0-9_-]{43}$/i.test(authorization);
}
