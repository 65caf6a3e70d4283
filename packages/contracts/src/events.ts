import { z } from "zod";

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
      code: z.string().min(1).describe("stable reason code, e.g. AMOUNT_MISMATCH, PG_DECLINED"),
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
      reason: z.string().min(1),
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
      /** PortOne's error type, e.g. CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT */
      errorType: z.string().min(1),
      reason: z.string(),
    }),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]["schema"]>;
