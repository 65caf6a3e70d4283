/** Minimal structured logger; pino/console both fit. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = () => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** JSON lines to stderr, debug dropped; the default so that reconnects are visible. */
export const consoleLogger: Logger = {
  debug: noop,
  info: (o, m) => console.error(JSON.stringify({ level: "info", msg: m, ...o })),
  warn: (o, m) => console.error(JSON.stringify({ level: "warn", msg: m, ...o })),
  error: (o, m) => console.error(JSON.stringify({ level: "error", msg: m, ...o })),
};

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
