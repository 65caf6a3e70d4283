import express, { type Request, type Response, type Router } from "express";
import { AppError, parseWith, send } from "@preprint/service-kit";
import { addressKey, clientIp } from "../edge/client-ip";
import type { Cors } from "../edge/cors";
import type { TokenCheck } from "../edge/token-check";
import { loginOperation, logoutOperation, meOperation, refreshOperation, signupOperation } from "../openapi/gateway-api";
import { loginBody, parseSignup } from "./schemas";
import type { AccountService, Session } from "./service";

export const REFRESH_COOKIE = "preprint_refresh";
/** The cookie is only sent to the auth endpoints, never with ordinary API calls. */
const COOKIE_PATH = "/api/auth";

export interface AuthRouteOptions {
  accounts: AccountService;
  tokenCheck: TokenCheck;
  cors: Cors;
  secureCookies: boolean;
  trustProxyHops: number;
}

/**
 * A cookie's value from the Cookie header. The header is the client's: a value that is not valid
 * percent-encoding (`%E0%A4%A`) is returned as it came, so it is simply an unknown token (401),
 * never a URIError (500).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return undefined;
}

function safeDecode(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function cookie(value: string, maxAgeSec: number, secure: boolean): string {
  return [
    `${REFRESH_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSec}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/**
 * /api/auth/*. The cookie-using endpoints refuse requests whose Origin is neither ours nor on the
 * CORS allow-list: with SameSite=Strict that is a second, independent guard against CSRF.
 */
export function authRouter(o: AuthRouteOptions): Router {
  const router = express.Router();

  const checkOrigin = (req: Request) => {
    const origin = req.get("origin");
    if (origin !== undefined && !o.cors.allowed(origin))
      throw new AppError(403, "ORIGIN_NOT_ALLOWED", "Requests from this origin are not allowed.");
  };
  const sendSession = (res: Response, op: typeof signupOperation | typeof loginOperation | typeof refreshOperation, s: Session) => {
    const maxAge = Math.max(0, Math.floor((s.refreshExpiresAt.getTime() - Date.now()) / 1000));
    res.setHeader("Set-Cookie", cookie(encodeURIComponent(s.refreshToken), maxAge, o.secureCookies));
    res.setHeader("Cache-Control", "no-store");
    send(res, op, { user: s.user, accessToken: s.accessToken, tokenType: "Bearer", expiresIn: s.expiresIn });
  };
  const clearCookie = (res: Response) => res.setHeader("Set-Cookie", cookie("", 0, o.secureCookies));

  router.post("/signup", async (req, res) => {
    checkOrigin(req);
    const body = parseSignup(req.body);
    sendSession(res, signupOperation, await o.accounts.signup(body));
  });

  router.post("/login", async (req, res) => {
    checkOrigin(req);
    const body = parseWith(loginBody, req.body);
    try {
      sendSession(res, loginOperation, await o.accounts.login(body, addressKey(clientIp(req, o.trustProxyHops))));
    } catch (e) {
      if (e instanceof AppError && e.code === "LOGIN_LOCKED") res.setHeader("Retry-After", String(e.extra.retryAfter));
      throw e;
    }
  });

  router.post("/refresh", async (req, res) => {
    checkOrigin(req);
    try {
      sendSession(res, refreshOperation, await o.accounts.refresh(readCookie(req.get("cookie"), REFRESH_COOKIE)));
    } catch (e) {
      clearCookie(res);
      throw e;
    }
  });

  router.post("/logout", async (req, res) => {
    checkOrigin(req);
    await o.accounts.logout(readCookie(req.get("cookie"), REFRESH_COOKIE));
    clearCookie(res);
    send(res, logoutOperation);
  });

  router.get("/me", async (req, res) => {
    const result = o.tokenCheck(req.get("authorization"));
    if (!result.ok) throw new AppError(401, result.code, result.detail);
    res.setHeader("Cache-Control", "no-store");
    send(res, meOperation, { user: await o.accounts.me(result.claims.sub) });
  });

  return router;
}
