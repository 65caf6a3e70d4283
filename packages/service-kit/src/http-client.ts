import { currentRequestId } from "./context";
import { AppError } from "./errors";

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface CallResult<T> {
  status: number;
  body: T;
}

/**
 * Service-to-service JSON call with a timeout and request-id propagation. Trace context is added
 * by the OpenTelemetry HTTP instrumentation. A dead or slow peer becomes 502/504 problem errors.
 */
export async function callService<T = unknown>(url: string, opts: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  const requestId = currentRequestId();
  if (requestId) headers["x-request-id"] = requestId;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError";
    throw new AppError(
      timedOut ? 504 : 502,
      timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_UNAVAILABLE",
      `A service we depend on ${timedOut ? "did not answer in time" : "is unavailable"}. Please try again.`,
    );
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError(502, "UPSTREAM_BAD_RESPONSE", "A service we depend on answered with something unreadable.");
    }
  }
  return { status: res.status, body: body as T };
}
