import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { trace } from "@opentelemetry/api";
import type { RequestHandler } from "express";
import { accessLogger, type Logger } from "./logger";

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, for propagation to the services we call. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts the caller's X-Request-Id when it looks sane (the gateway sets one), otherwise makes
 * one; echoes it on the response and puts a child logger on req.log.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    req.id = requestId;
    req.log = logger.child({ request_id: requestId });
    res.setHeader("X-Request-Id", requestId);
    storage.run({ requestId }, next);
  };
}

/**
 * One line per request: method, route template, status, duration, request and trace ids. Never
 * headers or bodies. With `logger`, the line goes through its accessLogger (no redaction pass: the
 * fields are fixed); without, through req.log.
 */
export function accessLog(logger?: Logger): RequestHandler {
  const access = logger === undefined ? undefined : accessLogger(logger);
  return (req, res, next) => {
    const start = performance.now();
    res.on("finish", () => {
      if (req.path.startsWith("/health/")) return;
      const ms = performance.now() - start;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined;
      const level = res.statusCode >= 500 ? "error" : "info";
      const line = {
        method: req.method,
        route,
        path: route ? undefined : req.path,
        status: res.statusCode,
        duration_ms: Math.round(ms * 10) / 10,
      };
      if (access === undefined) req.log?.[level](line, "http request");
      else if (access.isLevelEnabled(level)) {
        // instrumentation-http binds the response to the request's SERVER span: it is active here
        const span = trace.getActiveSpan()?.spanContext();
        access[level]({ request_id: req.id, ...line, trace_id: span?.traceId, span_id: span?.spanId }, "http request");
      }
    });
    next();
  };
}
