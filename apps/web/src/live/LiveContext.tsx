import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { notifications as notificationsApi } from "../api/endpoints";
import { useAuth } from "../auth/AuthContext";
import { openStream, type SseMessage } from "./sse";

/** What the stream tells us, normalised: a reservation id and its new status when present. */
export interface LiveEvent {
  event: string;
  reservationId?: string;
  status?: string;
  notification?: Record<string, unknown>;
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
    | Record<string, unknown>
    | undefined;
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
    raw,
  };
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const [connected, setConnected] = useState(false);
  const [unread, setUnread] = useState(0);
  const listeners = useRef(new Set<Listener>());

  const refreshUnread = useCallback(() => {
    if (!user || user.role !== "customer") return;
    notificationsApi
      .unreadCount()
      .then(setUnread)
      .catch(() => undefined);
  }, [user]);

  useEffect(() => {
    if (!user || user.role !== "customer") {
      setUnread(0);
      return;
    }
    refreshUnread();
    const handle = openStream(
      "/api/notifications/stream",
      (m) => {
        const e = normalise(m);
        if (!e) return;
        for (const l of listeners.current) l(e);
        if (e.event === "notification" || e.event === "resync") refreshUnread();
      },
      setConnected,
    );
    return () => handle.close();
  }, [user, refreshUnread]);

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
