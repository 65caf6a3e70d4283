import type { PortOnePayment } from "./portone";

/** reservation DB: `reservations` */
export interface ReservationRow {
  id: string;
  status: string;
  slotId: string;
  totalAmount: number;
  paidAmount: number;
  refundedAmount: number;
  paymentId: string | null;
  updatedAt: Date;
}

/** reservation DB: `refunds` (the reservation's view of a refund) */
export interface ReservationRefundRow {
  id: string;
  reservationId: string;
  paymentId: string;
  amount: number;
  /** CANCELLATION | STAFF | COMPENSATION */
  kind: string;
  /** REQUESTED | COMPLETED | FAILED */
  status: string;
  changedAt: Date;
}

/** reservation DB: a slot whose counters disagree with its capacity or with its live reservations */
export interface SlotRow {
  id: string;
  capacity: number;
  /** the counter the conditional UPDATE maintains */
  reserved: number;
  /** Σ pages of reservations with capacity_held */
  held: number;
}

/** payment DB: `payments` */
export interface PaymentRow {
  id: string;
  reservationId: string;
  amount: number;
  currency: string;
  /** PENDING | APPROVED | FAILED | EXPIRED | CANCELLING */
  status: string;
  refundedAmount: number;
  updatedAt: Date;
}

/** payment DB: `refunds` */
export interface PaymentRefundRow {
  id: string;
  paymentId: string;
  reservationId: string;
  amount: number;
  /** REQUESTED | SUCCEEDED | FAILED */
  status: string;
  changedAt: Date;
}

/** notification DB: the notifications a money check cares about */
export interface NotificationRow {
  type: string;
  eventId: string;
  reservationId: string | null;
  refundId: string | null;
  createdAt: Date;
}

export interface Snapshot {
  takenAt: Date;
  reservations: ReservationRow[];
  reservationRefunds: ReservationRefundRow[];
  slots: SlotRow[];
  payments: PaymentRow[];
  paymentRefunds: PaymentRefundRow[];
  /** PortOne's record per payment id we hold (undefined: PortOne has none) */
  portone: Map<string, PortOnePayment | undefined>;
  /** PortOne's own list for the store (payments we may not know), when listing was done */
  portoneListed?: PortOnePayment[];
  /** undefined when no notification database was given */
  notifications?: NotificationRow[];
}

export type FindingCode =
  | "PAID_WITHOUT_BOOKING"
  | "BOOKING_WITHOUT_PAYMENT"
  | "PAYMENT_WITHOUT_RESERVATION"
  | "PAID_AT_PORTONE_NOT_APPROVED"
  | "APPROVED_NOT_PAID_AT_PORTONE"
  | "UNKNOWN_PORTONE_PAYMENT"
  | "AMOUNT_MISMATCH"
  | "REFUND_EXCEEDS_PAID"
  | "REFUND_MISMATCH"
  | "REFUNDED_WITHOUT_CANCELLATION"
  | "SECOND_PAYMENT_NOT_REFUNDED"
  | "SLOT_OVER_CAPACITY"
  | "SLOT_COUNTER_DRIFT"
  | "DUPLICATE_NOTIFICATION"
  | "REFUND_NOT_NOTIFIED";

export interface Finding {
  code: FindingCode;
  /** one line an SRE can act on */
  message: string;
  reservationId?: string;
  paymentId?: string;
  slotId?: string;
  refundId?: string;
  /** the numbers behind the finding (won) */
  details: Record<string, string | number | null>;
  /** a row involved changed within the grace period: probably still settling, not counted as a failure */
  inFlight: boolean;
}

export interface CheckResult {
  checkedAt: string;
  graceMs: number;
  counts: { reservations: number; payments: number; refunds: number; slots: number; portonePayments: number; notifications: number | null };
  findings: Finding[];
  /** findings that are not in flight */
  failures: number;
}
