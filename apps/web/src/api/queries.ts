/**
 * Server state goes through TanStack Query (docs/decisions/0195): each view reads a query by key,
 * writes go through mutations that update or invalidate the keys they touch, and live events
 * (src/live/cache.ts) turn into cache updates. Keys of one account's or one store's data start
 * with that account or store, so one account's answers are never shown to another.
 */
import { QueryClient, type QueryClient as Client, type Query, type QueryKey } from "@tanstack/react-query";
import { notifications, payments, refundPolicy, reservations, staff, stores } from "./endpoints";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // every view refetches when it is shown and when a live event says its data changed; a
      // failure is shown at once (in Korean), as the views did before there was a cache
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

export const keys = {
  stores: () => ["stores"] as const,
  slots: (storeId: string, date: string) => ["stores", storeId, "slots", date] as const,
  refundPolicy: () => ["refund-policy"] as const,
  paymentsConfig: () => ["payments", "config"] as const,
  /** everything of one customer account */
  user: (userId: string) => ["user", userId] as const,
  reservations: (userId: string) => ["user", userId, "reservations"] as const,
  reservation: (userId: string, id: string) => ["user", userId, "reservation", id] as const,
  reservationPrefix: (userId: string) => ["user", userId, "reservation"] as const,
  cancelPreview: (userId: string, id: string, status: string) => ["user", userId, "reservation", id, "cancel-preview", status] as const,
  payment: (userId: string, paymentId: string) => ["user", userId, "payment", paymentId] as const,
  notifications: (userId: string) => ["user", userId, "notifications"] as const,
  unread: (userId: string) => ["user", userId, "unread-count"] as const,
  preferences: (userId: string) => ["user", userId, "preferences"] as const,
  /** everything of one store's staff view */
  store: (storeId: string) => ["store", storeId] as const,
  staffQueue: (storeId: string, date: string) => ["store", storeId, "queue", date] as const,
  staffQueues: (storeId: string) => ["store", storeId, "queue"] as const,
  staffAlerts: (storeId: string) => ["store", storeId, "alerts"] as const,
};

/**
 * Refetches the matching shown queries so that the newest request's answer is the one shown
 * (docs/decisions/0195): a request still out is cancelled first, and its answer, whenever it
 * arrives, is dropped. (Without the cancel a query that has no data yet would wait for the
 * request already out, which may have been answered before the change.) A "더 보기" list that is
 * loading its next page is refetched once that page is in, so the customer's tap is not lost.
 */
export async function refetchNewest(client: Client, queryKey: QueryKey): Promise<void> {
  const loadingMore = new Set(client.getQueryCache().findAll({ queryKey, predicate: isLoadingMore }));
  const others = (q: Query) => !loadingMore.has(q);
  for (const q of loadingMore)
    void whenIdle(client, q.queryKey).then(() => client.invalidateQueries({ queryKey: q.queryKey, exact: true }));
  await client.cancelQueries({ queryKey, predicate: others });
  await client.invalidateQueries({ queryKey, predicate: others });
}

function isLoadingMore(q: Query): boolean {
  const more = (q.state.fetchMeta as { fetchMore?: unknown } | null | undefined)?.fetchMore;
  return q.state.fetchStatus === "fetching" && more !== undefined && more !== null;
}

/** Resolves once the query with this exact key has no request out. */
export function whenIdle(client: Client, queryKey: QueryKey): Promise<void> {
  const cache = client.getQueryCache();
  const idle = () => cache.find({ queryKey, exact: true })?.state.fetchStatus !== "fetching";
  if (idle()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = cache.subscribe(() => {
      if (!idle()) return;
      stop();
      resolve();
    });
  });
}

export const queries = {
  stores: () => ({ queryKey: keys.stores(), queryFn: stores.list }),
  slots: (storeId: string, date: string) => ({ queryKey: keys.slots(storeId, date), queryFn: () => stores.slots(storeId, date) }),
  refundPolicy: () => ({ queryKey: keys.refundPolicy(), queryFn: refundPolicy.get }),
  paymentsConfig: () => ({ queryKey: keys.paymentsConfig(), queryFn: payments.config, staleTime: Infinity }),
  reservation: (userId: string, id: string) => ({ queryKey: keys.reservation(userId, id), queryFn: () => reservations.get(id) }),
  unread: (userId: string) => ({ queryKey: keys.unread(userId), queryFn: notifications.unreadCount }),
  preferences: (userId: string) => ({ queryKey: keys.preferences(userId), queryFn: notifications.preferences }),
  staffQueue: (storeId: string, date: string) => ({ queryKey: keys.staffQueue(storeId, date), queryFn: () => staff.queue(storeId, date) }),
  staffAlerts: (storeId: string) => ({ queryKey: keys.staffAlerts(storeId), queryFn: () => staff.alerts() }),
};
