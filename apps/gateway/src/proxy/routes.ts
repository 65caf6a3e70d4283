import type { GatewayConfig } from "../config";

export type ServiceName = "reservation" | "payment" | "notification" | "printing";
/**
 * public: no token needed (one is still read for per-user limits); user: any signed-in user; staff:
 * staff role; store-admin: staff or owner (the service checks it is their store); device: a store
 * device's token (`ppd_…`, not a JWT: checked by the printing service) and nothing else; none: no
 * such route (404 at the edge)
 */
export type Access = "public" | "user" | "staff" | "store-admin" | "device" | "none";

/** The store device routes of the back office: `/api/admin/stores/{storeId}/devices[/{deviceId}]`. */
const STORE_DEVICES = /^\/stores\/[^/]+\/devices(?:\/[^/]+)?\/?$/;

export interface ProxyRoute {
  /** first path segment after /api/ */
  prefix: string;
  service: ServiceName;
  timeoutMs: number;
  maxBodyBytes: number;
  /** decides who may call `method rest` (rest = the path after /api/<prefix>, e.g. "/config") */
  access: (method: string, rest: string) => Access;
  /**
   * Server-Sent Events endpoint: read with GET only (any other method is refused at the edge); the
   * token may come as ?access_token= (EventSource sends no headers)
   */
  isStream?: (rest: string) => boolean;
}

const publicReads = (method: string): Access => (method === "GET" || method === "HEAD" ? "public" : "user");

/**
 * The public API's routing table (docs/conventions.md "Public API v1"). Everything not listed here goes to
 * the gateway's own express app (auth, health, docs, web app) — in particular `/api/internal/...`
 * is never proxied: services only see `/internal` from each other.
 */
export function buildRoutes(c: GatewayConfig): Map<string, ProxyRoute> {
  const base = { timeoutMs: c.UPSTREAM_TIMEOUT_MS, maxBodyBytes: c.MAX_BODY_BYTES };
  const routes: ProxyRoute[] = [
    { prefix: "stores", service: "reservation", ...base, access: publicReads },
    { prefix: "refund-policy", service: "reservation", ...base, access: publicReads },
    { prefix: "uploads", service: "reservation", timeoutMs: c.UPLOAD_TIMEOUT_MS, maxBodyBytes: c.MAX_UPLOAD_BYTES, access: () => "user" },
    { prefix: "quotes", service: "reservation", ...base, access: () => "user" },
    { prefix: "reservations", service: "reservation", ...base, access: () => "user" },
    { prefix: "staff", service: "reservation", ...base, access: () => "staff" },
    {
      prefix: "payments",
      service: "payment",
      timeoutMs: c.PAYMENT_TIMEOUT_MS,
      maxBodyBytes: c.MAX_BODY_BYTES,
      // the config is public; PortOne calls the webhook (its signature is checked by the payment service)
      access: (method, rest) =>
        (method === "GET" && rest === "/config") || (method === "POST" && rest.startsWith("/webhooks/")) ? "public" : "user",
    },
    {
      prefix: "notifications",
      service: "notification",
      ...base,
      access: () => "user",
      // in every spelling the service's router accepts (case-insensitive, trailing slash): each
      // one holds a socket for as long as the stream is open, so each counts against the stream budget
      isStream: (rest) => /^\/stream\/*$/i.test(rest),
    },
    // store devices (docs/decisions/0206): kiosks and print agents call with their device token
    { prefix: "kiosk", service: "printing", ...base, access: () => "device" },
    // the agent's long poll holds the request up to 60 s before the service answers
    {
      prefix: "agent",
      service: "printing",
      timeoutMs: Math.max(c.UPSTREAM_TIMEOUT_MS, c.AGENT_POLL_TIMEOUT_MS),
      maxBodyBytes: c.MAX_BODY_BYTES,
      access: () => "device",
    },
    { prefix: "admin", service: "printing", ...base, access: (_method, rest) => (STORE_DEVICES.test(rest) ? "store-admin" : "none") },
  ];
  return new Map(routes.map((r) => [r.prefix, r]));
}

/**
 * Paths with dot segments, encoded slashes/dots or backslashes are refused: a service or a proxy in
 * between could normalise `/api/stores/../internal/x` into a route we never meant to expose.
 */
const SUSPICIOUS = /\/\.|%2e|%2f|%5c|\\|\/\//i;

export interface Match {
  route: ProxyRoute;
  /** the path after /api/<prefix> without the query, e.g. "/01J…/slots" or "" */
  rest: string;
}

/** `/api/<prefix>` or `/api/<prefix>/…` (query allowed); anything else → undefined. */
export function matchRoute(routes: Map<string, ProxyRoute>, url: string): Match | "bad-path" | undefined {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const slash = path.indexOf("/", 5);
  const prefix = slash === -1 ? path.slice(5) : path.slice(5, slash);
  const route = routes.get(prefix);
  if (route === undefined) return undefined;
  if (SUSPICIOUS.test(path)) return "bad-path";
  return { route, rest: slash === -1 ? "" : path.slice(slash) };
}
