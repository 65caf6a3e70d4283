/**
 * The gateway's own `/api` endpoints (served by its express app), by their one exact spelling.
 * Anything else in the `/api` namespace that is not a proxied route is a 404 at the edge: express
 * matches paths case-insensitively and ignores a trailing slash, so letting other spellings through
 * would let `/api/AUTH/Login/` reach the login handler past a limiter keyed on `/api/auth/login`.
 */
export const OWN_API_PATHS: ReadonlySet<string> = new Set([
  "/api/auth/signup",
  "/api/auth/login",
  "/api/auth/refresh",
  "/api/auth/logout",
  "/api/auth/me",
  "/api/health",
  "/api/docs",
]);

/** POSTs to these count against the per-IP auth limit as well as the per-IP one. */
export const AUTH_LIMITED: ReadonlySet<string> = new Set(["/api/auth/signup", "/api/auth/login", "/api/auth/refresh"]);

/**
 * Whether a request target is in the `/api` namespace in any letter case (`/api`, `/api/…`,
 * `/API?…`): the per-IP limit covers all of it, whatever reaches a handler in the end.
 */
export function inApiNamespace(url: string): boolean {
  if (url.startsWith("/api/")) return true;
  if (url.length < 4 || url.slice(0, 4).toLowerCase() !== "/api") return false;
  const next = url[4];
  return next === undefined || next === "/" || next === "?" || next === "#";
}

/**
 * The request target split the way express reads it: the path up to the first `?` or `#`, and the
 * query (with its `?`, without a fragment). A client never sends a fragment, but a raw `#` would
 * otherwise end express's path where this code did not.
 */
export function splitTarget(url: string): { path: string; query: string } {
  const q = url.indexOf("?");
  const h = url.indexOf("#");
  const end = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  if (end === -1) return { path: url, query: "" };
  return { path: url.slice(0, end), query: q === -1 || (h !== -1 && h < q) ? "" : url.slice(q, h === -1 ? undefined : h) };
}
