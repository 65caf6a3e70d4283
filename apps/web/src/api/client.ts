/**
 * The one HTTP client of the app. The access token lives in memory only (never in storage);
 * the refresh token is an httpOnly cookie the browser sends to POST /api/auth/refresh. A 401 on
 * any call (through `api`, typed by the generated OpenAPI document) triggers one refresh (shared by concurrent callers, and one at a time across tabs) and
 * one retry.
 */
import createClient from "openapi-fetch";
import { ApiError, type Problem } from "./errors";
import type { components, paths } from "./schema";

export type SessionUser = components["schemas"]["User"];

export interface Session {
  user: SessionUser;
  accessToken: string;
}

type SessionListener = (session: Session | null) => void;

let session: Session | null = null;
const listeners = new Set<SessionListener>();
let refreshing: Promise<Session | null> | null = null;

export function getSession(): Session | null {
  return session;
}

export function setSession(next: Session | null): void {
  session = next;
  for (const l of listeners) l(next);
}

export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function accessToken(): string | null {
  return session?.accessToken ?? null;
}

/** A fresh Idempotency-Key for one user intent (kept by the caller across retries of that intent). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Normalises whatever /auth endpoints return into a Session. */
export function toSession(body: unknown): Session | null {
  if (!body || typeof body !== "object") return null;
  const b = body as { accessToken?: string; user?: SessionUser };
  if (!b.accessToken || !b.user) return null;
  return { accessToken: b.accessToken, user: b.user };
}

/** The Web Lock that makes refreshes single-flight across the tabs of one browser profile. */
const REFRESH_LOCK = "preprint-auth-refresh";

/**
 * Uses the httpOnly refresh cookie to get a new access token; null when there is no session.
 * Single-flight in this tab (concurrent callers share one request) and across tabs: the tabs share
 * the cookie, and the server rotates it on every refresh, so a tab waits for another tab's refresh
 * to finish and then refreshes with the cookie that one left. Where Web Locks are missing (an old
 * browser, an insecure origin) the server's short grace for a just-rotated token still keeps two
 * tabs refreshing at once signed in.
 */
export function refreshSession(): Promise<Session | null> {
  if (!refreshing) {
    const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
    const run = (): Promise<Session | null> => (locks ? locks.request(REFRESH_LOCK, refreshOnce).then((held) => held) : refreshOnce());
    refreshing = run().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function refreshOnce(): Promise<Session | null> {
  try {
    const res = await fetch("/api/auth/refresh", { method: "POST", credentials: "same-origin" });
    if (!res.ok) {
      setSession(null);
      return null;
    }
    const next = toSession(await res.json());
    setSession(next);
    return next;
  } catch {
    return session;
  }
}

/** The API's own paths: the refresh there must not trigger another refresh. */
const isAuthPath = (url: string) => new URL(url, "http://x").pathname.startsWith("/api/auth/");

/**
 * fetch with the access token; a 401 triggers one refresh (single flight, see refreshSession) and
 * one retry with the new token. Not for /api/auth/*, whose 401 means wrong credentials.
 */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const send = (req: Request) => {
    const token = accessToken();
    if (token) req.headers.set("authorization", `Bearer ${token}`);
    return fetch(req);
  };
  const res = await send(request);
  if (res.status !== 401 || isAuthPath(request.url)) return res;
  return (await refreshSession()) ? send(retry) : res;
}

const defaults = { headers: { accept: "application/json" }, credentials: "same-origin" } as const;

/** Typed by the generated OpenAPI document (src/api/schema.d.ts); sends the access token. */
export const api = createClient<paths>({ ...defaults, fetch: authFetch });
/** The same paths without the token: sign-in and public reads (stores, policy, payment config). */
export const publicApi = createClient<paths>({ ...defaults, fetch: (request) => fetch(request) });

function toProblem(body: unknown, status: number): Problem {
  return body && typeof body === "object" ? (body as Problem) : { status };
}

/** The answer of an openapi-fetch call, or an ApiError carrying the problem+json body. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, toProblem(error, response.status));
  return data as T;
}

/**
 * Multipart upload through XMLHttpRequest, the only browser API that reports upload progress.
 * Retries once after a refresh on 401, like `api`.
 */
export function uploadWithProgress<T>(path: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  const send = (): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api${path}`);
      const token = accessToken();
      if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
      xhr.setRequestHeader("accept", "application/json");
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      // the last progress event is throttled and may not say 100 %: the body is fully sent here,
      // and the bar should show it while the server counts the pages
      xhr.upload.onload = () => onProgress(1);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(new TypeError("network error"));
      xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
      signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  return (async () => {
    let r = await send();
    if (r.status === 401 && (await refreshSession())) {
      onProgress(0);
      r = await send();
    }
    let parsed: unknown;
    try {
      parsed = r.body ? JSON.parse(r.body) : undefined;
    } catch {
      parsed = undefined;
    }
    if (r.status < 200 || r.status >= 300) {
      throw new ApiError(r.status, (parsed as Problem) ?? { status: r.status });
    }
    onProgress(1);
    return parsed as T;
  })();
}
