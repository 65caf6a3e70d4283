/**
 * Live events become cache updates (docs/decisions/0195). A customer's stream refetches what the
 * event may have changed: their reservation list and inbox, the reservation it names (or all of
 * them when it names none), and the unread count. A store's stream patches the status into the
 * shown queues at once, ordered by `at` (0065), then refetches the queue and alerts once per burst.
 * Only shown queries are refetched; the others are marked stale and load fresh when shown.
 */
import type { QueryClient } from "@tanstack/react-query";
import { keys, refetchNewest } from "../api/queries";
import type { Reservation, StaffSlotGroup } from "../api/types";
import type { LiveEvent } from "./LiveContext";
import { recordIfNewer, type StatusChange } from "./order";

/** Events come in bursts (one status change = one event per audience): one staff refetch per burst. */
const STAFF_REFETCH_DEBOUNCE_MS = 250;

export interface LiveCache {
  apply(audience: string, event: LiveEvent): void;
  close(): void;
}

export function createLiveCache(client: QueryClient): LiveCache {
  /** latest status change per reservation by `at` (stream order is not event order) */
  const latest = new Map<string, StatusChange>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const customer = (userId: string, e: LiveEvent) => {
    void refetchNewest(client, keys.reservations(userId));
    void refetchNewest(client, keys.notifications(userId));
    void refetchNewest(client, e.reservationId ? keys.reservation(userId, e.reservationId) : keys.reservationPrefix(userId));
    if (e.event === "notification" || e.event === "resync") void refetchNewest(client, keys.unread(userId));
  };

  const store = (storeId: string, e: LiveEvent) => {
    if (e.event === "reservation.status" && e.reservationId && e.status && e.at) {
      const change = { reservationId: e.reservationId, to: e.status, at: e.at };
      if (recordIfNewer(latest, change)) {
        // an answer asked before this change must not put the older status back
        void client.cancelQueries({ queryKey: keys.staffQueues(storeId) });
        client.setQueriesData<StaffSlotGroup[]>({ queryKey: keys.staffQueues(storeId) }, (groups) => groups && withStatus(groups, change));
      }
    } else if (e.event !== "notification" && e.event !== "resync" && e.event !== "reservation.status") return;
    clearTimeout(timer);
    timer = setTimeout(() => void refetchNewest(client, keys.store(storeId)), STAFF_REFETCH_DEBOUNCE_MS);
  };

  return {
    apply(audience, e) {
      const [kind, id] = [audience.slice(0, audience.indexOf(":")), audience.slice(audience.indexOf(":") + 1)];
      if (kind === "user") customer(id, e);
      else if (kind === "store") store(id, e);
    },
    close: () => clearTimeout(timer),
  };
}

function withStatus(groups: StaffSlotGroup[], change: StatusChange): StaffSlotGroup[] {
  return groups.map((g) =>
    g.reservations.some((r) => r.id === change.reservationId)
      ? {
          ...g,
          reservations: g.reservations.map((r) =>
            r.id === change.reservationId ? { ...r, status: change.to as Reservation["status"] } : r,
          ),
        }
      : g,
  );
}
