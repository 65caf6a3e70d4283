import pino from "pino";
import { cachedIsoTime, writesToStdout, type Logger } from "./logger";

/** The fields of an access line: flat, known, safe (ids, method, path without query, status, duration). */
export type AccessFields = Record<string, string | number | boolean | undefined>;

export interface AccessLines {
  info(fields: AccessFields, msg: string): void;
  error(fields: AccessFields, msg: string): void;
}

/** printable ASCII but `"` and `\`: written as is; anything else goes through JSON.stringify */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

function jsonValue(v: string | number | boolean): string {
  if (typeof v === "string") return jsonString(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null"; // as pino writes them
  return v ? "true" : "false";
}

/**
 * One access line, the JSON pino writes for `logger.info(fields, msg)` (level label, time, the
 * logger's bindings, the fields in order, undefined ones left out, msg), made by hand: pino's
 * generic serializer was ~2.5 µs a line against ~0.9 µs here, and the access line is written for
 * every proxied request (docs/benchmarks.md). A test holds the two outputs equal.
 */
export function formatAccessLine(level: "info" | "error", bindings: string, fields: AccessFields, msg: string): string {
  let line = `{"level":"${level}"${cachedIsoTime()}${bindings}`;
  for (const key in fields) {
    const v = fields[key];
    if (v !== undefined) line += `,${jsonString(key)}:${jsonValue(v)}`;
  }
  return `${line},"msg":${jsonString(msg)}}\n`;
}

/** `,"service":"gateway","name":"gateway"`: the logger's bindings as pino writes them after the time */
function bindingsOf(logger: Logger): string {
  const b = JSON.stringify(logger.bindings());
  return b === "{}" ? "" : `,${b.slice(1, -1)}`;
}

/**
 * Access lines for a caller that writes those of many finished requests at once (the gateway's
 * AfterResponse), in the format and at the level of `logger`. For a logger that writes to stdout
 * (createLogger), the lines are collected and written by `flush()` in as few write(2)s as fit
 * under PIPE_BUF (4 KiB, so the lines of cluster workers sharing one pipe never interleave),
 * instead of one write per line; the caller flushes after each batch, so a line is never held past
 * the event-loop turn that logged it. Any other logger (a test's stream) gets each line on its own
 * stream at once, and a flush that does nothing.
 */
export function batchedAccessLogger(logger: Logger): { log: AccessLines; flush: () => void } {
  const bindings = bindingsOf(logger);
  let write: (line: string) => void;
  let flush = () => {};
  if (writesToStdout(logger)) {
    const dest = pino.destination({ dest: 1, sync: true, minLength: 3072 });
    // a caller that always flushes leaves nothing here; this is for one that exits mid-batch
    process.once("exit", () => dest.flush());
    write = (line) => dest.write(line);
    flush = () => dest.flush();
  } else {
    const stream = (logger as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym]!;
    write = (line) => stream.write(line);
  }
  const at = (level: "info" | "error") => (fields: AccessFields, msg: string) => {
    if (logger.isLevelEnabled(level)) write(formatAccessLine(level, bindings, fields, msg));
  };
  return { log: { info: at("info"), error: at("error") }, flush };
}
