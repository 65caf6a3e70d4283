import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { keys, queries, refetchNewest } from "../api/queries";
import { useAuth } from "../auth/AuthContext";
import { createLiveCache } from "./cache";
import { openStream, type SseMessage, type StreamCursor } from "./sse";

/** What the stream tells us, normalised: a reservation id and its new status when present. */
export interface LiveEvent {
  event: string;
  reservationId?: string;
  status?: string;
  notification?: Record<string, unknown>;
  /** when the change happened (`at` of a status event); stream order may differ from this */
  at?: string;
  raw: unknown;
}

type Listener = (e: LiveEvent) => void;

interface LiveState {
  connected: boolean;
  unread: number;
  refreshUnread(): void;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveState | null>(null);

function normalise(m: SseMessage): LiveEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(m.data);
  } catch {
    raw = null;
  }
  // e.g. "resync" (the resume point is too old): listeners reload everything
  if (!raw || typeof raw !== "object") return { event: m.event, raw };
  const r = raw as Record<string, unknown>;
  const inner = (r.data && typeof r.data === "object" ? r.data : {}) as Record<string, unknown>;
  const notification = (r.notification && typeof r.notification === "object" ? r.notification : undefined) as
    Record<string, unknown> | undefined;
  const pick = (k: string): string | undefined => {
    for (const src of [r, inner, notification ?? {}]) if (typeof src[k] === "string") return src[k] as string;
    return undefined;
  };
  // "reservation.status" carries {reservationId, from, to, at}; "notification" an inbox item with `data`
  return {
    event: m.event,
    reservationId: pick("reservationId"),
    status: m.event === "reservation.status" ? pick("to") : pick("status"),
    notification: m.event === "notification" ? r : notification,
    at: typeof r.at === "string" ? r.at : undefined,
    raw,
  };
}

/**
 * One stream per audience (docs/decisions/0041): a customer's own (`user:<id>`) or, for staff, their
 * store's (`store:<id>`). Keyed by that audience, not by the session object: a token refresh
 * replaces the session but keeps the stream, and any stream opened again for the same audience
 * resumes from the last event id seen (Last-Event-ID), so nothing is lost in between.
 */
function audienceKey(user: { id: string; role: string; storeId?: string | null } | null): string | null {
  if (!user) return null;
  if (user.role === "customer") return `user:${user.id}`;
  if (user.role === "staff" && user.storeId) return `store:${user.storeId}`;
  return null;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const listeners = useRef(new Set<Listener>());
  const cursors = useRef(new Map<string, StreamCursor>());
  const audience = audienceKey(user);
  const customerId = audience?.startsWith("user:") ? user!.id : null;

  const unreadQuery = useQuery({ ...queries.unread(customerId ?? ""), enabled: !!customerId });
  const unread = customerId ? (unreadQuery.data ?? 0) : 0;
  const refreshUnread = useCallback(() => {
    if (customerId) void refetchNewest(client, keys.unread(customerId));
  }, [client, customerId]);

  useEffect(() => {
    setConnected(false);
    if (!audience) return;
    let cursor = cursors.current.get(audience);
    if (!cursor) cursors.current.set(audience, (cursor = {}));
    const cache = createLiveCache(client);
    const handle = openStream(
      "/api/notifications/stream",
      (m) => {
        const e = normalise(m);
        if (!e) return;
        cache.apply(audience, e);
        for (const l of listeners.current) l(e);
      },
      setConnected,
      cursor,
    );
    return () => {
      handle.close();
      cache.close();
    };
  }, [audience, client]);

  const subscribe = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => {
      listeners.current.delete(l);
    };
  }, []);

  return <LiveContext.Provider value={{ connected, unread, refreshUnread, subscribe }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLive outside LiveProvider");
  return ctx;
}

/** Calls `onEvent` for each live event while the component is mounted. */
export function useLiveEvents(onEvent: Listener): void {
  const { subscribe } = useLive();
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}
