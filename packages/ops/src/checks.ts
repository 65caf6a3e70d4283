import type { Finding, FindingCode, PaymentRow, ReservationRow, Snapshot } from "./model";
import type { PortOnePayment } from "./portone";

/** Reservation states a paid booking can be in ("CONFIRMED or later", incl. a paid cancellation under the policy). */
export const PAID_STATES = new Set(["CONFIRMED", "PRINTING", "READY", "PICKED_UP", "CANCEL_REQUESTED", "REFUNDED"]);
/** PortOne states in which PortOne took the money (some may have been given back since). */
const PORTONE_PAID = new Set(["PAID", "PARTIAL_CANCELLED", "CANCELLED"]);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const won = (n: number | null | undefined) => (n == null ? "-" : `${n.toLocaleString("en-US")}`);

/** Money PortOne still holds for a payment: paid − cancelled (0 when never paid). */
export function heldAtPortOne(p: PortOnePayment | undefined): number {
  if (!p || !PORTONE_PAID.has(p.status)) return 0;
  return Math.max(0, (p.amount.paid || p.amount.total) - p.amount.cancelled);
}

/**
 * The money invariants, as one pure function over a snapshot of the three databases and PortOne.
 * `graceMs`: a finding whose rows changed less than this long ago is marked `inFlight` (events and
 * jobs are probably still settling it) and does not count as a failure.
 */
export function findViolations(s: Snapshot, graceMs: number): Finding[] {
  const findings: Finding[] = [];
  const now = s.takenAt.getTime();
  const add = (
    code: FindingCode,
    message: string,
    ids: Omit<Finding, "code" | "message" | "details" | "inFlight">,
    details: Finding["details"],
    changed: (Date | undefined)[],
  ) => {
    const inFlight = changed.some((d) => d !== undefined && now - d.getTime() < graceMs);
    findings.push({ code, message, ...ids, details, inFlight });
  };

  const reservations = new Map(s.reservations.map((r) => [r.id, r]));
  const payments = new Map(s.payments.map((p) => [p.id, p]));
  const paymentsByReservation = new Map<string, PaymentRow[]>();
  for (const p of s.payments) paymentsByReservation.set(p.reservationId, [...(paymentsByReservation.get(p.reservationId) ?? []), p]);
  const succeededRefunds = (paymentId: string) => s.paymentRefunds.filter((r) => r.paymentId === paymentId && r.status === "SUCCEEDED");
  const lastRefundChange = (paymentId: string) =>
    s.paymentRefunds
      .filter((r) => r.paymentId === paymentId)
      .map((r) => r.changedAt)
      .sort((a, b) => b.getTime() - a.getTime())[0];

  // ---- every payment we hold, against its reservation and PortOne ----
  for (const p of s.payments) {
    const r = reservations.get(p.reservationId);
    const x = s.portone.get(p.id);
    const held = heldAtPortOne(x);
    const fullyRefunded = p.refundedAmount >= p.amount && p.amount > 0;
    const changed = [p.updatedAt, r?.updatedAt, lastRefundChange(p.id)];
    const ids = { paymentId: p.id, reservationId: p.reservationId };

    if (p.status === "APPROVED") {
      if (!r) {
        add(
          "PAYMENT_WITHOUT_RESERVATION",
          `approved payment for a reservation the reservation database does not have`,
          ids,
          { amount: p.amount, refunded: p.refundedAmount },
          changed,
        );
      } else if (r.paymentId === p.id) {
        if (!PAID_STATES.has(r.status) && r.status !== "CANCELLED" && !fullyRefunded) {
          add(
            "PAID_WITHOUT_BOOKING",
            `approved payment, but the reservation is ${r.status} and the payment is not refunded`,
            ids,
            { amount: p.amount, refunded: p.refundedAmount, reservationStatus: r.status },
            changed,
          );
        }
        if (p.amount !== r.totalAmount || r.paidAmount !== p.amount) {
          add(
            "AMOUNT_MISMATCH",
            `approved ${won(p.amount)} won, reservation total ${won(r.totalAmount)} won, recorded as paid ${won(r.paidAmount)} won`,
            ids,
            { amount: p.amount, reservationTotal: r.totalAmount, reservationPaid: r.paidAmount },
            changed,
          );
        }
        if (r.refundedAmount !== p.refundedAmount) {
          add(
            "REFUND_MISMATCH",
            `refunded ${won(p.refundedAmount)} won per payment, ${won(r.refundedAmount)} won per reservation`,
            ids,
            { paymentRefunded: p.refundedAmount, reservationRefunded: r.refundedAmount },
            changed,
          );
        }
      } else if (!fullyRefunded) {
        // approved but not the reservation's payment: either never applied (event lost) or a second payment
        if (r.paymentId === null) {
          add(
            "PAID_WITHOUT_BOOKING",
            `approved payment never applied to the reservation (${r.status}) and not refunded`,
            ids,
            { amount: p.amount, refunded: p.refundedAmount, reservationStatus: r.status },
            changed,
          );
        } else {
          add(
            "SECOND_PAYMENT_NOT_REFUNDED",
            `second approved payment for a reservation paid by ${r.paymentId}, not refunded in full`,
            ids,
            { amount: p.amount, refunded: p.refundedAmount },
            changed,
          );
        }
      }
      if (!x || !PORTONE_PAID.has(x.status)) {
        add(
          "APPROVED_NOT_PAID_AT_PORTONE",
          `approved here, PortOne says ${x ? x.status : "no such payment"}`,
          ids,
          { amount: p.amount, portoneStatus: x?.status ?? null },
          changed,
        );
      } else {
        if (x.amount.total !== p.amount || (x.currency && x.currency !== p.currency)) {
          add(
            "AMOUNT_MISMATCH",
            `approved ${won(p.amount)} ${p.currency}, PortOne charged ${won(x.amount.total)} ${x.currency ?? ""}`.trim(),
            ids,
            { amount: p.amount, portoneTotal: x.amount.total },
            changed,
          );
        }
        if (x.amount.cancelled !== p.refundedAmount) {
          add(
            "REFUND_MISMATCH",
            `refunded ${won(p.refundedAmount)} won here, PortOne cancelled ${won(x.amount.cancelled)} won`,
            ids,
            { refunded: p.refundedAmount, portoneCancelled: x.amount.cancelled },
            changed,
          );
        }
      }
    } else if (held > 0 && p.status !== "CANCELLING") {
      // PortOne holds the customer's money for a payment we did not approve
      add(
        "PAID_AT_PORTONE_NOT_APPROVED",
        `PortOne holds ${won(held)} won (${x!.status}) for a payment that is ${p.status} here`,
        ids,
        { amount: p.amount, portoneHeld: held, status: p.status },
        changed,
      );
    } else if (held > 0) {
      add(
        "PAID_AT_PORTONE_NOT_APPROVED",
        `payment stuck in CANCELLING while PortOne still holds ${won(held)} won`,
        ids,
        { amount: p.amount, portoneHeld: held },
        changed,
      );
    }

    const ledger = sum(succeededRefunds(p.id).map((r) => r.amount));
    if (ledger !== p.refundedAmount) {
      add(
        "REFUND_MISMATCH",
        `succeeded refunds add up to ${won(ledger)} won, payment says ${won(p.refundedAmount)} won refunded`,
        ids,
        { refundsSucceeded: ledger, refunded: p.refundedAmount },
        changed,
      );
    }
    if (p.refundedAmount > p.amount) {
      add(
        "REFUND_EXCEEDS_PAID",
        `refunded ${won(p.refundedAmount)} won of a ${won(p.amount)} won payment`,
        ids,
        { amount: p.amount, refunded: p.refundedAmount },
        changed,
      );
    }
    if (x && x.amount.cancelled > (x.amount.paid || x.amount.total)) {
      add(
        "REFUND_EXCEEDS_PAID",
        `PortOne cancelled ${won(x.amount.cancelled)} won of ${won(x.amount.paid)} won paid`,
        ids,
        { portonePaid: x.amount.paid, portoneCancelled: x.amount.cancelled },
        changed,
      );
    }
  }

  // ---- every reservation that claims money moved ----
  for (const r of s.reservations) {
    const ids = { reservationId: r.id, paymentId: r.paymentId ?? undefined };
    const p = r.paymentId ? payments.get(r.paymentId) : undefined;
    const changed = [r.updatedAt, p?.updatedAt];
    const claimsPaid = r.paymentId !== null || (PAID_STATES.has(r.status) && r.totalAmount > 0);
    if (claimsPaid && (!p || p.status !== "APPROVED")) {
      add(
        "BOOKING_WITHOUT_PAYMENT",
        `reservation ${r.status} with ${r.paymentId ? `payment ${r.paymentId} ${p ? p.status : "unknown to the payment database"}` : "no payment"}`,
        ids,
        { total: r.totalAmount, paid: r.paidAmount, paymentStatus: p?.status ?? null },
        changed,
      );
    }
    if (r.refundedAmount > r.paidAmount) {
      add(
        "REFUND_EXCEEDS_PAID",
        `reservation refunded ${won(r.refundedAmount)} won of ${won(r.paidAmount)} won paid`,
        ids,
        { paid: r.paidAmount, refunded: r.refundedAmount },
        changed,
      );
    }
    const completed = sum(
      s.reservationRefunds
        .filter((f) => f.reservationId === r.id && f.paymentId === r.paymentId && f.status === "COMPLETED")
        .map((f) => f.amount),
    );
    if (r.paymentId && completed !== r.refundedAmount) {
      add(
        "REFUND_MISMATCH",
        `reservation's completed refunds add up to ${won(completed)} won, its refunded amount is ${won(r.refundedAmount)} won`,
        ids,
        { refundsCompleted: completed, refunded: r.refundedAmount },
        changed,
      );
    }
    if (r.status === "REFUNDED") {
      const x = r.paymentId ? s.portone.get(r.paymentId) : undefined;
      const cancelled = x?.amount.cancelled ?? 0;
      if (r.refundedAmount <= 0 || !x || cancelled < r.refundedAmount) {
        add(
          "REFUNDED_WITHOUT_CANCELLATION",
          `reservation REFUNDED (${won(r.refundedAmount)} won) but PortOne cancelled ${won(cancelled)} won`,
          ids,
          { refunded: r.refundedAmount, portoneCancelled: x ? cancelled : null },
          changed,
        );
      } else if (sum(x.cancellations.map((c) => c.totalAmount)) !== cancelled) {
        add(
          "REFUNDED_WITHOUT_CANCELLATION",
          `PortOne's cancellations do not add up to its cancelled amount`,
          ids,
          { portoneCancelled: cancelled },
          changed,
        );
      }
    }
  }

  // ---- slots ----
  for (const sl of s.slots) {
    if (sl.reserved > sl.capacity || sl.held > sl.capacity) {
      add(
        "SLOT_OVER_CAPACITY",
        `slot holds ${sl.held} pages (counter ${sl.reserved}) of ${sl.capacity}`,
        { slotId: sl.id },
        { capacity: sl.capacity, reserved: sl.reserved, held: sl.held },
        [],
      );
    } else if (sl.reserved !== sl.held) {
      add(
        "SLOT_COUNTER_DRIFT",
        `slot counter says ${sl.reserved} pages, live reservations hold ${sl.held}`,
        { slotId: sl.id },
        { capacity: sl.capacity, reserved: sl.reserved, held: sl.held },
        [],
      );
    }
  }

  // ---- PortOne payments we have no record of ----
  if (s.portoneListed) {
    for (const x of s.portoneListed) {
      if (!payments.has(x.id) && heldAtPortOne(x) > 0) {
        add(
          "UNKNOWN_PORTONE_PAYMENT",
          `PortOne holds ${won(heldAtPortOne(x))} won (${x.status}) for a payment id the payment database does not know`,
          { paymentId: x.id },
          { portoneHeld: heldAtPortOne(x) },
          [x.paidAt ? new Date(x.paidAt) : undefined],
        );
      }
    }
  }

  // ---- the customer is told once per money event (notification database) ----
  if (s.notifications) {
    const seen = new Map<string, number>();
    for (const n of s.notifications) {
      const key =
        n.type === "refund.completed"
          ? `${n.type}:${n.refundId}`
          : n.type === "reservation.confirmed"
            ? `${n.type}:${n.reservationId}`
            : undefined;
      if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, count] of seen) {
      if (count > 1) {
        const [type, id] = key.split(":");
        add(
          "DUPLICATE_NOTIFICATION",
          `${count} ${type} notifications for one ${type === "refund.completed" ? "refund" : "reservation"}: an event was applied more than once`,
          type === "refund.completed" ? { refundId: id } : { reservationId: id },
          { count },
          [],
        );
      }
    }
    for (const f of s.paymentRefunds) {
      if (f.status === "SUCCEEDED" && !seen.has(`refund.completed:${f.id}`)) {
        add(
          "REFUND_NOT_NOTIFIED",
          `refund of ${won(f.amount)} won succeeded but the customer has no refund notification`,
          { refundId: f.id, paymentId: f.paymentId, reservationId: f.reservationId },
          { amount: f.amount },
          [f.changedAt],
        );
      }
    }
  }
  return findings;
}

export type { ReservationRow };
