/**
 * The one HTTP client of the app. The access token lives in memory only (never in storage);
 * the refresh token is an httpOnly cookie the browser sends to POST /api/auth/refresh. A 401 on
 * any call triggers one refresh (shared by concurrent callers, and one at a time across tabs) and
 * one retry.
 */
import { ApiError, type Problem } from "./errors";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  phone?: string;
  role: "customer" | "staff";
  storeId?: string | null;
}

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

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => "");
  if (!text) return { status: res.status };
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Problem) : { status: res.status };
  } catch {
    return { status: res.status };
  }
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

export interface RequestOptions {
  method?: string;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Send the access token (default true; harmless on public endpoints). */
  auth?: boolean;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const attempt = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
    const token = opts.auth === false ? null : accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(`/api${path}`, {
      method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  };
  let res = await attempt();
  if (res.status === 401 && opts.auth !== false && !path.startsWith("/auth/")) {
    const refreshed = await refreshSession();
    if (refreshed) res = await attempt();
  }
  if (!res.ok) throw new ApiError(res.status, await readProblem(res));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Multipart upload through XMLHttpRequest, the only browser API that reports upload progress.
 * Retries once after a refresh on 401, like `api`.
 */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
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
