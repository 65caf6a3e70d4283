import { reservationStatus } from "@preprint/contracts";
import { meter } from "@preprint/service-kit";
import type { PathRule, SqlQueryable } from "@preprint/telemetry";

/**
 * Reservation's own gauge (scraped at GET /metrics), read at collection time from its table, so it
 * is right after a restart and the same on every replica (aggregate with max, not sum):
 * `preprint.reservations{status}`, reservations per status (a fixed set of 9 values, all reported).
 * The outbox and dead-letter gauges are the service kit's.
 */
export function registerReservationMetrics(deps: { pool: SqlQueryable }): { stop(): void } {
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
  return {
    stop() {
      byStatus.removeCallback(observeStatuses);
    },
  };
}

/** Paths whose ids go on the request's span (searchable in Jaeger as `preprint.reservation.id=…`). */
export const SPAN_ID_RULES: readonly PathRule[] = [
  [/^\/(?:staff\/|internal\/)?reservations\/([^/]+)/, "reservationId"],
  [/^\/stores\/([^/]+)/, "storeId"],
];

/**
 * Uploads in progress, read at collection time from the process (per replica, unlike the gauges
 * above): `preprint.uploads.in_flight` (handlers not finished), `preprint.pdf.inspections{state}`
 * (`active` workers, `queued` waiting) and `preprint.pdf.inspections.killed` (workers ended by
 * their deadline or heap limit since start). A leaked handler shows as an in-flight count that
 * never returns to 0.
 */
export function registerUploadMetrics(uploads: {
  inFlight: number;
  inspector: { stats(): { active: number; queued: number; killed: number } };
}): { stop(): void } {
  const m = meter("@preprint/reservation");
  const inFlight = m.createObservableGauge("preprint.uploads.in_flight", {
    description: "upload requests being received, checked or stored",
  });
  const inspections = m.createObservableGauge("preprint.pdf.inspections", {
    description: "PDF inspection workers running (active) and waiting (queued)",
  });
  const killed = m.createObservableCounter("preprint.pdf.inspections.killed", {
    description: "inspection workers ended by their deadline or heap limit",
  });
  const observeInFlight = (r: { observe(v: number): void }) => r.observe(uploads.inFlight);
  const observeInspections = (r: { observe(v: number, attrs: { state: string }): void }) => {
    const s = uploads.inspector.stats();
    r.observe(s.active, { state: "active" });
    r.observe(s.queued, { state: "queued" });
  };
  const observeKilled = (r: { observe(v: number): void }) => r.observe(uploads.inspector.stats().killed);
  inFlight.addCallback(observeInFlight);
  inspections.addCallback(observeInspections);
  killed.addCallback(observeKilled);
  return {
    stop() {
      inFlight.removeCallback(observeInFlight);
      inspections.removeCallback(observeInspections);
      killed.removeCallback(observeKilled);
    },
  };
}
