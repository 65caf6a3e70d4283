import type { ServerResponse } from "node:http";
import { problemBody } from "@preprint/service-kit";

/** problem+json on a plain node response (the proxy path has no express). */
export function writeProblem(res: ServerResponse, status: number, code: string, detail: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(problemBody(status, code, detail));
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/problem+json");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}
