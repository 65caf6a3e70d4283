import { timingSafeEqual } from "node:crypto";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { invalidRequest, PortOneApiError, unauthorizedError } from "../domain/errors";
import type { FaultRegistry } from "../faults";
import { describeZodError } from "./schemas";

/** Helpers every PortOne-shaped route shares: body reading, auth, faults, JSON errors. */

export function sendPortOneError(res: Response, err: PortOneApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(err.status).json(err.toJSON());
}

/**
 * The SDK sends JSON bodies as `text/plain;charset=UTF-8` (no Content-Type of its own), so the
 * body is JSON whatever the Content-Type says. The kit already parsed `application/json`; this
 * reads everything else. An empty body is `{}`.
 */
export const jsonBodyAnyType = (limitBytes = 100_000): RequestHandler => {
  return (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.body !== undefined) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limitBytes && !failed) {
        failed = true;
        next(invalidRequest("요청 본문이 너무 큽니다."));
      }
      if (!failed) chunks.push(c);
    });
    req.on("end", () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString("utf8");
      req.rawBody = Buffer.concat(chunks);
      if (text.trim() === "") {
        req.body = {};
        return next();
      }
      try {
        req.body = JSON.parse(text);
        next();
      } catch {
        next(invalidRequest("요청 본문이 올바른 JSON이 아닙니다."));
      }
    });
    req.on("error", (err) => {
      if (!failed) next(err);
    });
  };
};

/** `Authorization: PortOne <secret>`; anything else is 401 UNAUTHORIZED (JSON). */
export function requirePortOneAuth(secret: string): RequestHandler {
  const expected = Buffer.from(secret, "utf8");
  return (req, _res, next) => {
    const header = req.get("authorization") ?? "";
    const m = /^PortOne\s+(.+)$/i.exec(header.trim());
    const given = Buffer.from(m?.[1] ?? "", "utf8");
    if (!m || given.length !== expected.length || !timingSafeEqual(given, expected)) return next(unauthorizedError());
    next();
  };
}

/**
 * Applies a runtime fault (/__sandbox/faults) to the next matching REST calls. `release()` drops
 * every held call at once, so a graceful stop is not kept waiting by a `timeout` fault.
 */
export function restFaults(faults: FaultRegistry): RequestHandler & { release: () => void } {
  const held = new Set<{ timer: NodeJS.Timeout; req: Request }>();
  const handler = ((req, res, next) => {
    // mounted routers see a relative req.path; rules match the full path the client called
    const path = req.baseUrl + req.path;
    const f = faults.takeRestFault(req.method, path);
    if (!f) return next();
    req.log?.info({ fault: f.kind, path }, "REST fault injected");
    if (f.kind === "error") {
      const err =
        f.status === 502
          ? new PortOneApiError(502, "PG_PROVIDER", "PG사에서 오류가 발생했습니다. (sandbox fault)", {
              pgCode: "SANDBOX_FAULT",
              pgMessage: "injected fault",
            })
          : new PortOneApiError(f.status, "INTERNAL_SERVER_ERROR", "일시적인 오류가 발생했습니다. (sandbox fault)");
      return sendPortOneError(res, err);
    }
    if (f.kind === "lose-response") {
      // the work is done and remembered (idempotency included); only the answer never arrives
      const drop = () => {
        res.socket?.destroy();
        return res;
      };
      res.json = drop as typeof res.json;
      res.send = drop as typeof res.send;
      res.end = drop as typeof res.end;
      return next();
    }
    const hold = {
      req,
      timer: setTimeout(() => {
        held.delete(hold);
        if (f.kind === "timeout") req.socket.destroy();
        else next();
      }, f.delayMs),
    };
    held.add(hold);
    res.on("close", () => {
      clearTimeout(hold.timer);
      held.delete(hold);
    });
  }) as RequestHandler & { release: () => void };
  handler.release = () => {
    for (const h of held) {
      clearTimeout(h.timer);
      h.req.socket.destroy();
    }
    held.clear();
  };
  return handler;
}

/** Parses with zod or throws 400 INVALID_REQUEST naming the first bad field. */
export function parsePortOne<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalidRequest(`요청 입력이 올바르지 않습니다: ${describeZodError(r.error)}`);
}

/** JSON errors for every PortOne-shaped route, including the kit's body-parser failures. */
export const portOneErrorHandler: ErrorRequestHandler = (err, req: Request, res, _next) => {
  if (err instanceof PortOneApiError) return sendPortOneError(res, err);
  const e = err as { status?: number; type?: string };
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return sendPortOneError(
      res,
      invalidRequest(e.type === "entity.too.large" ? "요청 본문이 너무 큽니다." : "요청 본문이 올바른 JSON이 아닙니다."),
    );
  }
  req.log?.error({ err }, "request failed");
  sendPortOneError(res, new PortOneApiError(500, "INTERNAL_SERVER_ERROR", "알 수 없는 오류가 발생했습니다."));
};

interface StoredResponse {
  fingerprint: string;
  state: "IN_PROGRESS" | "COMPLETED";
  status?: number;
  body?: unknown;
  at: number;
}

const IDEMPOTENCY_TTL_MS = 3 * 60 * 60 * 1000;

/**
 * PortOne's `Idempotency-Key` (POST only): a quoted 16–256 ASCII string (RFC 8941). A replay of a
 * completed request returns the stored response; a replay while the first is running gets 409
 * IDEMPOTENCY_OUTSTANDING_REQUEST; the same key on a different request is 400 INVALID_REQUEST
 * (PortOne only says "never do that"). Responses are kept 3 hours; 5xx answers are not stored.
 */
export function idempotency(): RequestHandler & { clear: () => void } {
  const store = new Map<string, StoredResponse>();
  const handler = ((req, res, next) => {
    const header = req.get("idempotency-key");
    if (req.method !== "POST" || header === undefined) return next();
    const key = header.trim().replace(/^"(.*)"$/, "$1");
    if (!/^[\x21-\x7e]{16,256}$/.test(key)) return next(invalidRequest("Idempotency-Key는 16~256자의 ASCII 문자열이어야 합니다."));
    const now = Date.now();
    for (const [k, v] of store) if (now - v.at > IDEMPOTENCY_TTL_MS) store.delete(k);
    const fingerprint = `${req.method} ${req.baseUrl}${req.path} ${JSON.stringify(req.body ?? {})}`;
    const seen = store.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) return next(invalidRequest("같은 Idempotency-Key로 다른 요청을 보낼 수 없습니다."));
      if (seen.state === "IN_PROGRESS")
        return next(new PortOneApiError(409, "IDEMPOTENCY_OUTSTANDING_REQUEST", "같은 Idempotency-Key의 요청이 처리 중입니다."));
      res.status(seen.status!).json(seen.body);
      return;
    }
    const entry: StoredResponse = { fingerprint, state: "IN_PROGRESS", at: now };
    store.set(key, entry);
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      entry.status = res.statusCode;
      entry.body = body;
      return json(body);
    };
    res.on("close", () => {
      if (entry.status !== undefined && entry.status < 500) entry.state = "COMPLETED";
      else store.delete(key);
    });
    next();
  }) as RequestHandler & { clear: () => void };
  handler.clear = () => store.clear();
  return handler;
}
