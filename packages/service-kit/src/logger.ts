import { trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON logs with the active trace and span ids, so a log line leads to its trace. Redaction is a
 * safety net: code must not log secrets, card data or header maps in the first place.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info")): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = trace.getActiveSpan()?.spanContext();
      return ctx ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
    },
    redact: {
      paths: [
        "headers", "req.headers", "authorization", "*.authorization", "cookie", "*.cookie", "password", "*.password",
        "token", "*.token", "accessToken", "*.accessToken", "refreshToken", "*.refreshToken", "secret", "*.secret",
        "card", "*.card", "cardNumber", "*.cardNumber",
      ],
      censor: "[redacted]",
    },
  });
}
