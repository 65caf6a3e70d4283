import type { ReservationStatus } from "@preprint/contracts";

export type { ReservationStatus };

/**
 * What moves a reservation. Each command names the transitions it may make, so the same target
 * status reached by two different commands (e.g. CANCEL_REQUESTED by the customer or by the
 * late-payment compensation) is still guarded per command.
 */
export type Command =
  | "PAYMENT_APPROVED"
  | "EXPIRE"
  | "CANCEL_UNPAID"
  | "CANCEL_PAID"
  | "CANCEL_PAID_NO_REFUND"
  | "START_PRINTING"
  | "MARK_READY"
  | "PICK_UP"
  | "REFUND_COMPLETED"
  | "REFUND_FAILED"
  | "COMPENSATE_LATE_PAYMENT"
  | "LATE_PAYMENT_RETAKEN"
  | "EXTERNAL_FULL_REFUND";

const RULES: Record<Command, { from: readonly ReservationStatus[]; to: ReservationStatus | "PREVIOUS" }> = {
  PAYMENT_APPROVED: { from: ["PENDING_PAYMENT"], to: "CONFIRMED" },
  EXPIRE: { from: ["PENDING_PAYMENT"], to: "EXPIRED" },
  CANCEL_UNPAID: { from: ["PENDING_PAYMENT"], to: "CANCELLED" },
  CANCEL_PAID: { from: ["CONFIRMED", "PRINTING", "READY"], to: "CANCEL_REQUESTED" },
  /** the policy gives 0 %: nothing to refund, the reservation simply ends */
  CANCEL_PAID_NO_REFUND: { from: ["CONFIRMED", "PRINTING", "READY"], to: "CANCELLED" },
  START_PRINTING: { from: ["CONFIRMED"], to: "PRINTING" },
  MARK_READY: { from: ["PRINTING"], to: "READY" },
  PICK_UP: { from: ["READY"], to: "PICKED_UP" },
  REFUND_COMPLETED: { from: ["CANCEL_REQUESTED"], to: "REFUNDED" },
  /** back to the status before the cancel request; the reservation is flagged for staff */
  REFUND_FAILED: { from: ["CANCEL_REQUESTED"], to: "PREVIOUS" },
  /**
   * paid after EXPIRED and the slot is full: a full refund is on its way. A reservation the
   * customer CANCELLED is never re-booked: a payment landing on it is refunded and it stays CANCELLED.
   */
  COMPENSATE_LATE_PAYMENT: { from: ["EXPIRED"], to: "CANCEL_REQUESTED" },
  /** paid after EXPIRED and the slot still had room: the customer keeps the booking */
  LATE_PAYMENT_RETAKEN: { from: ["EXPIRED"], to: "CONFIRMED" },
  /** the whole payment went back outside the app (PortOne's console, the PG): the pickup code is void */
  EXTERNAL_FULL_REFUND: { from: ["CONFIRMED", "PRINTING", "READY", "PICKED_UP", "CANCEL_REQUESTED"], to: "REFUNDED" },
};

export const TERMINAL: readonly ReservationStatus[] = ["PICKED_UP", "EXPIRED", "CANCELLED", "REFUNDED"];
/** statuses whose reservation holds slot capacity */
export const HOLDS_CAPACITY: readonly ReservationStatus[] = ["PENDING_PAYMENT", "CONFIRMED", "PRINTING", "READY", "CANCEL_REQUESTED"];

export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  constructor(
    readonly command: Command,
    readonly from: ReservationStatus,
  ) {
    super(`${command} is not allowed from ${from}`);
  }
}

export type Transition = { kind: "move"; from: ReservationStatus; to: ReservationStatus } | { kind: "noop"; status: ReservationStatus };

/**
 * The guarded state machine. `transition(status, command)`:
 * - a legal move returns `{kind: "move", from, to}`;
 * - a replay (the reservation is already where this command leads) returns `{kind: "noop"}`;
 * - anything else throws IllegalTransitionError.
 * `previous` is the status to return to on REFUND_FAILED.
 */
export function transition(status: ReservationStatus, command: Command, previous?: ReservationStatus | null): Transition {
  const rule = RULES[command];
  if (rule.from.includes(status)) {
    let to: ReservationStatus;
    if (rule.to === "PREVIOUS") {
      if (!previous) throw new IllegalTransitionError(command, status);
      to = previous;
    } else to = rule.to;
    return { kind: "move", from: status, to };
  }
  if (rule.to !== "PREVIOUS" && status === rule.to) return { kind: "noop", status };
  throw new IllegalTransitionError(command, status);
}

export function isTerminal(status: ReservationStatus): boolean {
  return TERMINAL.includes(status);
}

/** every command and the statuses it may start from (docs and tests) */
export function allowedFrom(command: Command): readonly ReservationStatus[] {
  return RULES[command].from;
}

export const COMMANDS = Object.keys(RULES) as Command[];
