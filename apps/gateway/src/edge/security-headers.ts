import type { ServerResponse } from "node:http";

export interface SecurityHeaderOptions {
  https: boolean;
  extraScript: string[];
  extraConnect: string[];
  extraFrame: string[];
  extraFormAction: string[];
}

/**
 * The headers helmet would set, computed once and written with a plain loop on every response
 * (proxied or not). The CSP fits the web app: its own scripts and styles, the PortOne browser SDK
 * and the PG windows it opens (scripts, calls, PC iframes, mobile form posts — each directive its
 * own list, ADR 0161), images from data:/blob: (PDF previews).
 */
export function securityHeaders(opts: SecurityHeaderOptions): Array<[string, string]> {
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    `script-src 'self' ${opts.extraScript.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${opts.extraConnect.join(" ")}`.trim(),
    `frame-src 'self' ${opts.extraFrame.join(" ")}`.trim(),
    "object-src 'none'",
    "frame-ancestors 'none'",
    `form-action 'self' ${opts.extraFormAction.join(" ")}`.trim(),
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const headers: Array<[string, string]> = [
    ["Content-Security-Policy", csp],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    // same-origin-allow-popups: the PortOne SDK may open a payment window
    ["Cross-Origin-Opener-Policy", "same-origin-allow-popups"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["Origin-Agent-Cluster", "?1"],
    ["X-DNS-Prefetch-Control", "off"],
    ["X-Permitted-Cross-Domain-Policies", "none"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(self)"],
  ];
  if (opts.https) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

/**
 * The subset that matters for JSON API responses (the proxied `/api/<service>` path): CSP,
 * frame and COOP/permission headers only act on documents, so API answers carry a minimal CSP
 * (`frame-ancestors 'none'` is what counts for a non-document), nosniff, the frame and referrer
 * rules and CORP (keeps other origins from embedding the data). ~230 bytes instead of ~960 on
 * every proxied response (docs/benchmarks.md).
 */
export function apiSecurityHeaders(opts: { https: boolean }): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ["Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
  ];
  if (opts.https) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

export function applyHeaders(res: ServerResponse, headers: Array<[string, string]>): void {
  for (let i = 0; i < headers.length; i++) res.setHeader(headers[i]![0], headers[i]![1]);
}

/** `[[name, value], …]` → `[name, value, …]`, the raw form writeHead takes in one go */
export function flat(headers: Array<[string, string]>): string[] {
  return headers.flat();
}
