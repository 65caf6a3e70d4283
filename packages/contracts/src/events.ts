import { z } from "zod";
import { paymentFailedCode, refundFailureCode } from "./event-codes";

// The only place an event's shape is defined. Payloads carry ids and the facts a consumer
// needs (for notifications: who, which store, when, how much), never whole database rows.

const won = z.number().int().nonnegative().describe("integer amount in KRW");
const isoTime = z.iso.datetime({ offset: true });
const currency = z.literal("KRW");

const customer = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().email(),
  phone: z.string().optional(),
});
const store = z.object({
  id: z.string().min(1),
  name: z.string(),
  timeZone: z.string().min(1),
});
const slot = z.object({ id: z.string().min(1), startsAt: isoTime, endsAt: isoTime });

export const reservationStatus = z.enum([
  "PENDING_PAYMENT",
  "CONFIRMED",
  "PRINTING",
  "READY",
  "PICKED_UP",
  "EXPIRED",
  "CANCELLED",
  "CANCEL_REQUESTED",
  "REFUNDED",
]);
export type ReservationStatus = z.infer<typeof reservationStatus>;

/** Longest refund reason an event carries (request schemas cap what people type at the same length). */
export const REFUND_REASON_MAX = 500;

/** Who moved money outside our own refund flow, from PortOne's cancellation `trigger`. */
export const externalRefundActor = z.enum(["PORTONE_CONSOLE", "PORTONE_ADMIN", "CHARGEBACK", "API"]);
export type ExternalRefundActor = z.infer<typeof externalRefundActor>;

const actor = z.object({
  type: z.enum(["CUSTOMER", "STAFF", "SYSTEM"]),
  id: z.string().optional(),
});

/** Every event: its current version and the schema of its `data`. */
export const eventCatalog = {
  "reservation.created": {
    version: 1,
    schema: z.object({
      reservationId: z.string().min(1),
      customer,
      store,
      slot,
      totalAmount: won,
      currency,
      expiresAt: isoTime,
    }),
  },
  "reservation.confirmed": {
    version: 1,
    schema: z.object({
      reservationId: z.string().min(1),
      paymentId: z.string().min(1),
      customer,
      store,
      slot,
      totalAmount: won,
      currency,
      pickupCode: z.string().regex(/^\d{6}$/),
    }),
  },
  "reservation.expired": {
    version: 1,
    schema: z.object({ reservationId: z.string().min(1), customer, store, slot, expiredAt: isoTime }),
  },
  "reservation.ready": {
    version: 1,
    schema: z.object({
      reservationId: z.string().min(1),
      customer,
      store,
      slot,
      pickupCode: z.string().regex(/^\d{6}$/),
    }),
  },
  "reservation.picked-up": {
    version: 1,
    schema: z.object({ reservationId: z.string().min(1), customer, store, slot, pickedUpAt: isoTime }),
  },
  /** Every transition, for live status on open pages and for audit consumers. */
  "reservation.status-changed": {
    version: 1,
    schema: z.object({
      reservationId: z.string().min(1),
      customerId: z.string().min(1),
      storeId: z.string().min(1),
      from: reservationStatus.nullable(),
      to: reservationStatus,
      at: isoTime,
    }),
  },
  "payment.approved": {
    version: 1,
    schema: z.object({
      paymentId: z.string().min(1),
      reservationId: z.string().min(1),
      customerId: z.string().min(1),
      amount: won,
      currency,
      method: z.enum(["CARD", "EASY_PAY"]),
      approvedAt: isoTime,
    }),
  },
  "payment.failed": {
    version: 1,
    schema: z.object({
      paymentId: z.string().min(1),
      reservationId: z.string().min(1),
      customer,
      store,
      amount: won,
      currency,
      code: paymentFailedCode,
      reason: z.string(),
    }),
  },
  "refund.requested": {
    version: 1,
    schema: z.object({
      refundId: z.string().min(1),
      reservationId: z.string().min(1),
      paymentId: z.string().min(1),
      amount: won.refine((n) => n > 0, "must be positive"),
      reason: z.string().min(1).max(REFUND_REASON_MAX),
      requestedBy: actor,
    }),
  },
  "refund.completed": {
    version: 1,
    schema: z.object({
      refundId: z.string().min(1),
      reservationId: z.string().min(1),
      paymentId: z.string().min(1),
      amount: won,
      currency,
      cancellationId: z.string().min(1),
      /** what remains refundable on the payment after this refund */
      remainingAmount: won,
      customer,
      store,
      completedAt: isoTime,
      /**
       * APP (also when absent): a refund.requested we carried out. EXTERNAL: a cancellation made
       * outside the app (PortOne's console, PortOne's staff, a chargeback, another API client),
       * found by the webhook or reconciliation; `refundId` is then minted by the payment service
       * and no refund.requested preceded it.
       */
      origin: z.enum(["APP", "EXTERNAL"]).optional(),
      /** EXTERNAL only: who made it */
      externalActor: externalRefundActor.optional(),
      /** EXTERNAL only: the reason PortOne recorded */
      reason: z.string().max(REFUND_REASON_MAX).optional(),
    }),
  },
  "refund.failed": {
    version: 1,
    schema: z.object({
      refundId: z.string().min(1),
      reservationId: z.string().min(1),
      paymentId: z.string().min(1),
      amount: won,
      store,
      /** why: ours or PortOne's cancel error (refundFailureCodeOf), e.g. CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT */
      errorType: refundFailureCode,
      reason: z.string(),
    }),
  },
  /** A print job was handed to the store's print agents (attempt 1, or a retry after a failure before any page). */
  "print.requested": {
    version: 1,
    schema: z.object({
      jobId: z.string().min(1),
      reservationId: z.string().min(1),
      store,
      attempt: z.number().int().positive(),
      fileName: z.string(),
      /** sides the customer paid for: pages × copies */
      impressionsPaid: z.number().int().nonnegative(),
      requestedAt: isoTime,
    }),
  },
  "print.completed": {
    version: 1,
    schema: z.object({
      jobId: z.string().min(1),
      reservationId: z.string().min(1),
      store,
      attempt: z.number().int().positive(),
      /** sides the printer counted, all attempts together, beside what was paid */
      impressionsPrinted: z.number().int().nonnegative(),
      impressionsPaid: z.number().int().nonnegative(),
      printerUri: z.string().optional(),
      completedAt: isoTime,
    }),
  },
  /**
   * A print job ended without its pages. `refundable`: nothing was printed and the store's retry
   * limit is used up, so the customer is owed a full refund (the reservation service requests it).
   * Not refundable: a job that stopped half-way (`impressionsPrinted` > 0) or whose outcome is
   * unknown — staff look at the printer.
   */
  "print.failed": {
    version: 1,
    schema: z.object({
      jobId: z.string().min(1),
      reservationId: z.string().min(1),
      store,
      attempt: z.number().int().positive(),
      impressionsPrinted: z.number().int().nonnegative(),
      impressionsPaid: z.number().int().nonnegative(),
      /** stable reason: ABORTED, CANCELED, FAILED, OUTCOME_UNKNOWN, … with the printer's reasons in `printerReasons` */
      reason: z.string().min(1),
      printerReasons: z.array(z.string()),
      refundable: z.boolean(),
      failedAt: isoTime,
    }),
  },
  /** Jobs and their documents removed after the store's retention window (unclaimed, or done). */
  "print.purged": {
    version: 1,
    schema: z.object({
      reservationId: z.string().min(1),
      storeId: z.string().min(1),
      jobIds: z.array(z.string().min(1)),
      /** UNCLAIMED: never released at the kiosk or never printed; FINISHED: printed or failed, kept for the window */
      reason: z.enum(["UNCLAIMED", "FINISHED"]),
      purgedAt: isoTime,
    }),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]["schema"]>;
