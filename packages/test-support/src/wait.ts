import { randomBytes } from "node:crypto";

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or the timeout passes.
 * Errors thrown by the predicate count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 5000, intervalMs = 20, description }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = description ?? predicate.toString().slice(0, 200);
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
      throw new Error(`waitFor timed out after ${timeoutMs} ms: ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A name unique across parallel jest workers and runs: `<prefix>_<base36 time><random>`,
 * lower-case letters, digits and `_` only, so it is valid as a PostgreSQL identifier and
 * as an AMQP exchange/queue name.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return `${clean}_${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}
