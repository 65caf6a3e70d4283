import { findViolations } from "./checks";
import { loadNotificationDb, loadPaymentDb, loadReservationDb } from "./load";
import type { CheckResult, Snapshot } from "./model";
import { mapLimit, PortOneReader, type PortOnePayment } from "./portone";

export interface MoneyCheckConfig {
  reservationDatabaseUrl: string;
  paymentDatabaseUrl: string;
  /** optional: adds the "told once" checks */
  notificationDatabaseUrl?: string;
  portone: { baseUrl: string; secret: string; storeId?: string; timeoutMs?: number };
  /** rows changed more recently than this are "in flight", not failures (default 10 minutes) */
  graceMs?: number;
  /** only rows created since (default: everything) */
  since?: Date;
  /** also list PortOne's payments of the store to find ones we have no record of (default true) */
  listPortOne?: boolean;
  /** parallel PortOne GETs (default 8) */
  concurrency?: number;
}

export const DEFAULT_GRACE_MS = 10 * 60_000;

/** Reads the three databases and PortOne and returns every violated money invariant. */
export async function checkMoney(cfg: MoneyCheckConfig): Promise<CheckResult> {
  const graceMs = cfg.graceMs ?? DEFAULT_GRACE_MS;
  const takenAt = new Date();
  const [rsv, pay, notifications] = await Promise.all([
    loadReservationDb(cfg.reservationDatabaseUrl, cfg.since),
    loadPaymentDb(cfg.paymentDatabaseUrl, cfg.since),
    cfg.notificationDatabaseUrl ? loadNotificationDb(cfg.notificationDatabaseUrl, cfg.since) : Promise.resolve(undefined),
  ]);
  const reader = new PortOneReader(cfg.portone);
  // every payment id we know of, from either side
  const ids = [...new Set([...pay.payments.map((p) => p.id), ...rsv.reservations.flatMap((r) => (r.paymentId ? [r.paymentId] : []))])];
  const fetched = await mapLimit(ids, cfg.concurrency ?? 8, async (id) => [id, await reader.payment(id)] as const);
  const portone = new Map<string, PortOnePayment | undefined>(fetched);
  const portoneListed = cfg.listPortOne === false ? undefined : await reader.listPayments({ from: cfg.since });
  const snapshot: Snapshot = { takenAt, ...rsv, ...pay, portone, portoneListed, notifications };
  const findings = findViolations(snapshot, graceMs);
  return {
    checkedAt: takenAt.toISOString(),
    graceMs,
    counts: {
      reservations: rsv.reservations.length,
      payments: pay.payments.length,
      refunds: pay.paymentRefunds.length,
      slots: rsv.slotsInUse,
      portonePayments: new Set([...fetched.filter(([, x]) => x).map(([id]) => id), ...(portoneListed ?? []).map((x) => x.id)]).size,
      notifications: notifications ? notifications.length : null,
    },
    findings,
    failures: findings.filter((f) => !f.inFlight).length,
  };
}
