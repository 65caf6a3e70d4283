import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

// Same rule as the service kit: a caller's id is kept only when it is short and plain.
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts the caller's X-Request-Id when sane, else makes one, and writes it back onto the request
 * headers (so the proxy and the express app forward and log the same id). The caller puts it on
 * the response.
 */
export function assignRequestId(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && VALID_ID.test(incoming) ? incoming : randomUUID();
  req.headers["x-request-id"] = id;
  return id;
}
