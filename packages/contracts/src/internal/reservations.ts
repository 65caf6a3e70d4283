import { z } from "zod";
import { reservationStatus } from "../events";

/**
 * `GET /internal/reservations/{reservationId}` of the reservation service, called by the payment
 * service with a service token: the amount of record and the snapshots a payment keeps for its
 * events. The reservation service answers through this schema; the payment service parses with
 * it. 404 RESERVATION_NOT_FOUND when there is no such reservation.
 *
 * Adding an optional field is compatible both ways; anything else needs both services changed
 * together (reservation first: payment ignores fields it does not read).
 */
export const INTERNAL_RESERVATION_PATH = "/internal/reservations/{reservationId}";

const won = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });

export const internalReservationParams = z.object({ reservationId: z.string().min(1) });

export const internalReservation = z
  .object({
    id: z.string().min(1),
    /** the customer who owns the reservation (the only one who may pay it) */
    customerId: z.string().min(1),
    status: reservationStatus,
    /** the amount of record, integer won: what the checkout charges */
    totalAmount: won,
    currency: z.literal("KRW"),
    /** unpaid reservations expire at this time */
    expiresAt: isoTime,
    /** the approved payment, once paid */
    paymentId: z.string().min(1).nullable(),
    paidAmount: won,
    refundedAmount: won,
    /** the PG's order name: store and first file, at most 100 characters */
    orderName: z.string().min(1).max(100),
    customer: z.object({ id: z.string().min(1), name: z.string(), email: z.string(), phone: z.string().nullable() }),
    store: z.object({ id: z.string().min(1), name: z.string(), timeZone: z.string().min(1) }),
    slot: z.object({ id: z.string().min(1), startsAt: isoTime, endsAt: isoTime }),
  })
  .meta({ id: "InternalReservation" });
export type InternalReservation = z.infer<typeof internalReservation>;
/** What the reservation service hands to `send` (its input: the same shape). */
export type InternalReservationInput = z.input<typeof internalReservation>;
