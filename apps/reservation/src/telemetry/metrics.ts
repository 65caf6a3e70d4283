import { reservationStatus } from "@preprint/contracts";
import { queueNames, type MessagingConnection } from "@preprint/messaging";
import { meter } from "@preprint/service-kit";
import { observeOutbox, observeQueueDepth, type PathRule, type SqlQueryable } from "@preprint/telemetry";

/**
 * Reservation's operational metrics (scraped at GET /metrics). Every gauge is read at collection
 * time from this service's own tables or its own dead-letter queue, so it is right after a
 * restart and the same on every replica (aggregate with max, not sum).
 *
 * - `preprint.reservations{status}`: reservations per status (a fixed set of 9 values, all reported)
 * - `preprint.outbox.oldest_pending_age`, `preprint.outbox.failed`: this service's outbox
 * - `preprint.messaging.dlq.depth{queue}`: messages parked in `<queue>.dlq`
 */
export function registerReservationMetrics(deps: { pool: SqlQueryable; connection: MessagingConnection; queue?: string }): { stop(): void } {
  const m = meter("@preprint/reservation");
  const byStatus = m.createObservableGauge("preprint.reservations", { description: "reservations per status" });
  const observeStatuses = async (r: { observe(v: number, attrs: { status: string }): void }) => {
    try {
      const { rows } = await deps.pool.query(`SELECT status, count(*)::int AS n FROM reservations GROUP BY status`);
      const counts = new Map((rows as { status: string; n: number }[]).map((row) => [row.status, Number(row.n)]));
      for (const status of reservationStatus.options) r.observe(counts.get(status) ?? 0, { status });
    } catch {
      // database unavailable: no new sample (readiness reports it)
    }
  };
  byStatus.addCallback(observeStatuses);
  const outbox = observeOutbox(deps.pool);
  const dlq = observeQueueDepth(deps.connection, [queueNames(deps.connection.queueName(deps.queue ?? "reservation")).dlq]);
  return {
    stop() {
      byStatus.removeCallback(observeStatuses);
      outbox.stop();
      dlq.stop();
    },
  };
}

/** Paths whose ids go on the request's span (searchable in Jaeger as `preprint.reservation.id=…`). */
export const SPAN_ID_RULES: readonly PathRule[] = [
  [/^\/(?:staff\/|internal\/)?reservations\/([^/]+)/, "reservationId"],
  [/^\/stores\/([^/]+)/, "storeId"],
];
