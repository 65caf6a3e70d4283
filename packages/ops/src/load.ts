import { Client } from "pg";
import type { NotificationRow, PaymentRefundRow, PaymentRow, ReservationRefundRow, ReservationRow, SlotRow } from "./model";

/**
 * Reads one database in a single read-only REPEATABLE READ transaction, so every query of that
 * database sees the same snapshot (the three databases are still read at slightly different moments;
 * the grace period absorbs that).
 */
export async function readOnly<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: "preprint-money-check" });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const int = (v: unknown) => Number(v);

export async function loadReservationDb(url: string, since?: Date) {
  return readOnly(url, async (c) => {
    const sinceSql = since ? "WHERE created_at >= $1" : "";
    const args = since ? [since] : [];
    const reservations = await c.query(
      `SELECT id, status, slot_id, total_amount, paid_amount, refunded_amount, payment_id, updated_at FROM reservations ${sinceSql}`,
      args,
    );
    const refunds = await c.query(
      `SELECT id, reservation_id, payment_id, amount, kind, status, COALESCE(settled_at, created_at) AS changed_at FROM refunds ${sinceSql}`,
      args,
    );
    // only slots whose counter, live reservations and capacity disagree (a slot table can be large)
    const slots = await c.query(
      `SELECT s.id, s.capacity, s.reserved, COALESCE(h.held, 0) AS held
         FROM slots s
         LEFT JOIN (SELECT slot_id, SUM(pages) AS held FROM reservations WHERE capacity_held GROUP BY slot_id) h ON h.slot_id = s.id
        WHERE s.reserved > s.capacity OR COALESCE(h.held, 0) > s.capacity OR s.reserved <> COALESCE(h.held, 0)`,
    );
    const slotCount = await c.query(`SELECT count(*)::int AS n FROM slots WHERE reserved > 0`);
    return {
      reservations: reservations.rows.map((r): ReservationRow => ({
        id: r.id,
        status: r.status,
        slotId: r.slot_id,
        totalAmount: int(r.total_amount),
        paidAmount: int(r.paid_amount),
        refundedAmount: int(r.refunded_amount),
        paymentId: r.payment_id,
        updatedAt: r.updated_at,
      })),
      reservationRefunds: refunds.rows.map((r): ReservationRefundRow => ({
        id: r.id,
        reservationId: r.reservation_id,
        paymentId: r.payment_id,
        amount: int(r.amount),
        kind: r.kind,
        status: r.status,
        changedAt: r.changed_at,
      })),
      slots: slots.rows.map((r): SlotRow => ({ id: r.id, capacity: int(r.capacity), reserved: int(r.reserved), held: int(r.held) })),
      slotsInUse: int(slotCount.rows[0].n),
    };
  });
}

export async function loadPaymentDb(url: string, since?: Date) {
  return readOnly(url, async (c) => {
    const args = since ? [since] : [];
    const payments = await c.query(
      `SELECT id, reservation_id, amount, currency, status, refunded_amount, updated_at FROM payments ${since ? "WHERE created_at >= $1" : ""}`,
      args,
    );
    const refunds = await c.query(
      `SELECT id, payment_id, reservation_id, amount, status, COALESCE(completed_at, requested_at) AS changed_at FROM refunds ${since ? "WHERE requested_at >= $1" : ""}`,
      args,
    );
    return {
      payments: payments.rows.map((r): PaymentRow => ({
        id: r.id,
        reservationId: r.reservation_id,
        amount: int(r.amount),
        currency: r.currency,
        status: r.status,
        refundedAmount: int(r.refunded_amount),
        updatedAt: r.updated_at,
      })),
      paymentRefunds: refunds.rows.map((r): PaymentRefundRow => ({
        id: r.id,
        paymentId: r.payment_id,
        reservationId: r.reservation_id,
        amount: int(r.amount),
        status: r.status,
        changedAt: r.changed_at,
      })),
    };
  });
}

export async function loadNotificationDb(url: string, since?: Date): Promise<NotificationRow[]> {
  return readOnly(url, async (c) => {
    const res = await c.query(
      `SELECT type, event_id, data->>'reservationId' AS reservation_id, data->>'refundId' AS refund_id, created_at
         FROM notifications
        WHERE type IN ('reservation.confirmed', 'refund.completed') ${since ? "AND created_at >= $1" : ""}`,
      since ? [since] : [],
    );
    return res.rows.map((r) => ({
      type: r.type,
      eventId: r.event_id,
      reservationId: r.reservation_id,
      refundId: r.refund_id,
      createdAt: r.created_at,
    }));
  });
}
