import { trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";

export type { Logger };

let isoMs = -1;
let isoTime = "";
/** pino's isoTime, formatted once per millisecond: lines logged in a burst share the string */
export function cachedIsoTime(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return isoTime;
}

const FORMAT = {
  timestamp: cachedIsoTime,
  formatters: { level: (label: string) => ({ level: label }) },
};

const accessLoggers = new WeakMap<Logger, Logger>();

/**
 * For the one-line-per-request access log only: same stream (so lines never interleave), level,
 * format and base fields as `logger`, without the redaction pass and the trace-id mixin. The access
 * line's fields are fixed and safe (ids, method, path without query, status, duration) and its
 * caller passes trace_id/span_id itself. The redaction pass alone was ~5 % of the gateway's CPU per
 * proxied request (docs/benchmarks.md).
 */
export function accessLogger(logger: Logger): Logger {
  let a = accessLoggers.get(logger);
  if (a === undefined) {
    a = pino(
      { level: logger.level, base: logger.bindings(), ...FORMAT },
      (logger as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym],
    );
    accessLoggers.set(logger, a);
  }
  return a;
}

/** loggers made by createLogger: they write to stdout */
const stdoutLoggers = new WeakSet<Logger>();

/** True for a logger made by createLogger (it writes to stdout, fd 1). */
export function writesToStdout(logger: Logger): boolean {
  return stdoutLoggers.has(logger);
}

/**
 * JSON logs with the active trace and span ids, so a log line leads to its trace. Redaction is a
 * safety net: code must not log secrets, card data or header maps in the first place.
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
): Logger {
  const logger = pino({
    name: service,
    level,
    base: { service },
    ...FORMAT,
    mixin() {
      const ctx = trace.getActiveSpan()?.spanContext();
      return ctx ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
    },
    redact: {
      paths: [
        "headers",
        "req.headers",
        "authorization",
        "*.authorization",
        "cookie",
        "*.cookie",
        "password",
        "*.password",
        "token",
        "*.token",
        "accessToken",
        "*.accessToken",
        "refreshToken",
        "*.refreshToken",
        "secret",
        "*.secret",
        "card",
        "*.card",
        "cardNumber",
        "*.cardNumber",
      ],
      censor: "[redacted]",
    },
  });
  stdoutLoggers.add(logger);
  return logger;
}
