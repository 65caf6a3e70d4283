import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, Last-Event-ID";
const EXPOSE_HEADERS = "X-Request-Id, Retry-After, Location";

/** the response headers this policy sets on a non-preflight request (lower case) */
export const CORS_RESPONSE_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-expose-headers",
] as const;

export interface Cors {
  /** true when `origin` may call us: the public origin or one on the allow-list */
  allowed(origin: string): boolean;
  /**
   * Adds CORS response headers for an allowed Origin. Answers preflights itself and returns true
   * (the request is then done).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/** An allow-list CORS policy with credentials (the refresh cookie) for the listed origins only. */
export function createCors(publicOrigin: string, origins: string[]): Cors {
  const allow = new Set([publicOrigin, ...origins.map((o) => o.replace(/\/+$/, ""))]);
  const allowed = (origin: string) => allow.has(origin);
  return {
    allowed,
    handle(req, res) {
      const origin = req.headers.origin;
      const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
      if (origin === undefined) {
        if (preflight) {
          res.statusCode = 204;
          res.end();
          return true;
        }
        return false;
      }
      res.setHeader("Vary", "Origin");
      const ok = allowed(origin);
      if (ok) {
        res.setHeader("Access-Control-Allow-Origin", origin);
        res.setHeader("Access-Control-Allow-Credentials", "true");
      }
      if (preflight) {
        if (ok) {
          res.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
          res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
          res.setHeader("Access-Control-Max-Age", "600");
        }
        // a refused preflight gets no Allow-* headers, so the browser blocks the real request
        res.statusCode = 204;
        res.end();
        return true;
      }
      if (ok) res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
      return false;
    },
  };
}
