import type { ServerResponse } from "node:http";
import type { ProblemCode } from "@preprint/contracts";
import { problemBody } from "@preprint/service-kit";

/**
 * A response on the proxy path whose edge headers (security headers, request id) are held back as
 * a flat `[name, value, …]` list, to go out with the upstream's headers in one writeHead (proxy.ts)
 * instead of one setHeader each. A problem written instead (writeProblem) sets them first.
 */
export type EdgeResponse = ServerResponse & { edgeHeaders?: string[] };

/** Sets the held-back edge headers on the response the usual way (no-op when there are none). */
function flushEdgeHeaders(res: EdgeResponse): void {
  const edge = res.edgeHeaders;
  if (edge === undefined) return;
  res.edgeHeaders = undefined;
  for (let i = 0; i < edge.length; i += 2) res.setHeader(edge[i]!, edge[i + 1]!);
}

/** problem+json on a plain node response (the proxy path has no express). */
export function writeProblem(
  res: ServerResponse,
  status: number,
  code: ProblemCode,
  detail: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  flushEdgeHeaders(res);
  const body = JSON.stringify(problemBody(status, code, detail));
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/problem+json");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}
