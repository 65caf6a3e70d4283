/**
 * Status changes can arrive out of order: the notification service stores them in the order its
 * consumer handled them, not the order they happened (apps/notification/README.md, decision 0041).
 * Each carries `at`; per reservation only the change with the latest `at` counts.
 */
export interface StatusChange {
  reservationId: string;
  to: string;
  at: string;
}

/** Records `change` in `latest` when it is newer than what is known; true if it was. */
export function recordIfNewer(latest: Map<string, StatusChange>, change: StatusChange): boolean {
  const at = Date.parse(change.at);
  if (Number.isNaN(at)) return false;
  const known = latest.get(change.reservationId);
  if (known && Date.parse(known.at) >= at) return false;
  latest.set(change.reservationId, change);
  return true;
}

/** The latest status per reservation from a batch of changes in any order. */
export function latestStatuses(changes: readonly StatusChange[]): Map<string, StatusChange> {
  const latest = new Map<string, StatusChange>();
  for (const c of changes) recordIfNewer(latest, c);
  return latest;
}
