import type { RequestHandler } from "express";
import { AppError } from "@preprint/service-kit";
import { TokenError, type AccessClaims, type Role, type TokenVerifier } from "./tokens";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AccessClaims;
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, token] = header.split(" ");
  return scheme?.toLowerCase() === "bearer" && token ? token : undefined;
}

const MESSAGES: Record<TokenError["code"], string> = {
  TOKEN_MISSING: "Sign in to continue.",
  TOKEN_INVALID: "Your session is not valid. Please sign in again.",
  TOKEN_EXPIRED: "Your session has expired. Please sign in again.",
};

/** Requires a valid access token (and one of `roles`, if given); sets req.auth. */
export function requireAuth(verify: TokenVerifier, ...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    try {
      const claims = verify(bearerToken(req.get("authorization")));
      if (roles.length > 0 && !roles.includes(claims.role)) {
        throw new AppError(403, "FORBIDDEN", "You are not allowed to do this.");
      }
      req.auth = claims;
      next();
    } catch (err) {
      if (err instanceof TokenError)
        next(new AppError(401, err.code === "TOKEN_MISSING" ? "UNAUTHENTICATED" : err.code, MESSAGES[err.code]));
      else next(err);
    }
  };
}

/** Sets req.auth when a valid token is present; anonymous otherwise (public routes). */
export function optionalAuth(verify: TokenVerifier): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (token) {
      try {
        req.auth = verify(token);
      } catch {
        /* an invalid token on a public route is treated as anonymous */
      }
    }
    next();
  };
}
