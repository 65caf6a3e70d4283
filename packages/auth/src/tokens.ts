import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";

export type Role = "customer" | "staff" | "service";

/** Claims of a preprint access token. Contact fields let services snapshot the customer. */
export interface AccessClaims {
  sub: string;
  role: Role;
  /** staff: the store they belong to */
  storeId?: string;
  email?: string;
  name?: string;
  phone?: string;
  exp: number;
  iat: number;
  iss: string;
  jti?: string;
}

export const ISSUER = "preprint";

export class TokenError extends Error {
  override readonly name = "TokenError";
  constructor(
    readonly code: "TOKEN_MISSING" | "TOKEN_INVALID" | "TOKEN_EXPIRED",
    message: string,
  ) {
    super(message);
  }
}

const b64urlJson = (part: string): unknown => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
const EXPECTED_HEADER = "HS256";

/**
 * Verifies HS256 access tokens on every request, at the gateway and again in each service (no trust
 * in the network). Built on node:crypto with the key made once: jose's WebCrypto verify costs
 * 80–220 µs per request on this machine (docs/platform-notes.md N8), this costs a few µs, and
 * jose 6 is ESM-only (jest on Node 20 cannot load it). Only HS256 is accepted, so "alg: none" and
 * algorithm-confusion tokens fail.
 */
export function createTokenVerifier(secret: string, opts: { issuer?: string; clockToleranceSec?: number } = {}) {
  const key: KeyObject = createSecretKey(Buffer.from(secret, "utf8"));
  const issuer = opts.issuer ?? ISSUER;
  const tolerance = opts.clockToleranceSec ?? 5;
  return function verify(token: string | undefined): AccessClaims {
    if (!token) throw new TokenError("TOKEN_MISSING", "no access token");
    const parts = token.split(".");
    if (parts.length !== 3) throw new TokenError("TOKEN_INVALID", "malformed token");
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: unknown; typ?: unknown };
    let claims: Partial<AccessClaims>;
    try {
      header = b64urlJson(h) as typeof header;
      claims = b64urlJson(p) as Partial<AccessClaims>;
    } catch {
      throw new TokenError("TOKEN_INVALID", "malformed token");
    }
    if (header.alg !== EXPECTED_HEADER) throw new TokenError("TOKEN_INVALID", "unexpected algorithm");
    const expected = createHmac("sha256", key).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TokenError("TOKEN_INVALID", "bad signature");
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== "number" || claims.exp + tolerance < now) throw new TokenError("TOKEN_EXPIRED", "token expired");
    if (claims.iss !== issuer) throw new TokenError("TOKEN_INVALID", "wrong issuer");
    if (typeof claims.sub !== "string" || !["customer", "staff", "service"].includes(claims.role as string)) {
      throw new TokenError("TOKEN_INVALID", "missing subject or role");
    }
    return claims as AccessClaims;
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/** Signs an HS256 JWT (RFC 7519) with issuer, issued-at and expiry. */
export async function signAccessToken(
  claims: Omit<AccessClaims, "exp" | "iat" | "iss">,
  secret: string,
  ttlSeconds = 900,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iss: ISSUER, iat, exp: iat + ttlSeconds })).toString("base64url");
  const signature = createHmac("sha256", secret).update(`${HEADER}.${payload}`).digest("base64url");
  return `${HEADER}.${payload}.${signature}`;
}

/**
 * A short-lived token a service presents to another service (role "service"), signed with the
 * internal secret that user tokens never use, so a customer token can't reach internal routes.
 */
export function createServiceTokenSource(service: string, internalSecret: string, ttlSeconds = 300) {
  let cached: { token: string; exp: number } | undefined;
  return async (): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    if (!cached || cached.exp - 60 < now) {
      cached = {
        token: await signAccessToken({ sub: `svc:${service}`, role: "service" }, internalSecret, ttlSeconds),
        exp: now + ttlSeconds,
      };
    }
    return cached.token;
  };
}
