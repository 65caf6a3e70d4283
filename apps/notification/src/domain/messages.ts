import type { EventEnvelope } from "@preprint/contracts";
import { formatDateTime, formatSlot, formatWon } from "./format";
import { wellFormed } from "./text";

// What each event means to a person: who is told, which template, which values, and whether the
// e-mail may be switched off. Pure: no I/O, easy to read in one hop.

export const NOTIFIABLE_TYPES = [
  "reservation.confirmed",
  "reservation.ready",
  "reservation.expired",
  "reservation.picked-up",
  "payment.failed",
  "refund.completed",
  "refund.failed",
] as const;
export type NotifiableType = (typeof NOTIFIABLE_TYPES)[number];

/**
 * Messages we must send whatever the customer's e-mail preference says: the confirmation of a
 * payment (reservation.confirmed carries the amount paid), a failed payment and a refund.
 * See docs/decisions/0043-notification-email-opt-out.md.
 */
export const LEGALLY_REQUIRED: ReadonlySet<NotifiableType> = new Set(["reservation.confirmed", "payment.failed", "refund.completed"]);

export type EmailPolicy = "required" | "optional" | "none";

export interface NotificationSpec {
  type: NotifiableType;
  /** `user:<customerId>` or `store:<storeId>` */
  audience: string;
  /** e-mail recipient (customers only) */
  recipient?: { userId: string; email: string; name: string };
  email: EmailPolicy;
  /** template placeholders; every value is a display string */
  values: Record<string, string>;
  /** what the web page gets with the in-app item */
  data: Record<string, unknown>;
}

// ids from events are stored as text: a NUL or half a surrogate pair would fail the transaction
export const userAudience = (userId: string) => `user:${wellFormed(userId)}`;
export const storeAudience = (storeId: string) => `store:${wellFormed(storeId)}`;
/** an id as one URL path segment (encodeURIComponent throws on half a surrogate pair) */
const pathSegment = (id: string) => encodeURIComponent(wellFormed(id));

const PAYMENT_FAILURE_REASONS: Record<string, string> = {
  AMOUNT_MISMATCH: "결제 금액이 주문 금액과 달라 결제가 자동으로 취소되었습니다.",
  PG_DECLINED: "카드사 또는 결제사에서 결제를 승인하지 않았습니다.",
  PAYMENT_CANCELLED: "결제가 취소되었습니다.",
  RESERVATION_UNAVAILABLE: "예약을 확정할 수 없어 결제가 취소되었습니다.",
};

export function paymentFailureText(code: string): string {
  return PAYMENT_FAILURE_REASONS[code] ?? "결제를 완료하지 못했습니다.";
}

type Customer = { id: string; name: string; email: string };
type Store = { id: string; name: string; timeZone: string };

function customerBase(customer: Customer, store: Store, reservationId: string, publicBaseUrl: string) {
  return {
    customerName: customer.name || "고객",
    storeName: store.name,
    reservationId,
    reservationLink: `${publicBaseUrl.replace(/\/$/, "")}/reservations/${pathSegment(reservationId)}`,
  };
}

function forCustomer(
  type: NotifiableType,
  customer: Customer,
  store: Store,
  reservationId: string,
  publicBaseUrl: string,
  values: Record<string, string>,
  data: Record<string, unknown>,
): NotificationSpec {
  const base = customerBase(customer, store, reservationId, publicBaseUrl);
  return {
    type,
    audience: userAudience(customer.id),
    recipient: { userId: customer.id, email: customer.email, name: customer.name },
    email: LEGALLY_REQUIRED.has(type) ? "required" : "optional",
    values: { ...base, ...values },
    data: { reservationId, storeId: store.id, storeName: store.name, link: `/reservations/${pathSegment(reservationId)}`, ...data },
  };
}

type Notifiable = { [T in NotifiableType]: EventEnvelope<T> }[NotifiableType];

export function isNotifiable(type: string): type is NotifiableType {
  return (NOTIFIABLE_TYPES as readonly string[]).includes(type);
}

/** The notification an event produces. */
export function notificationFor(event: Notifiable, publicBaseUrl: string): NotificationSpec {
  switch (event.type) {
    case "reservation.confirmed": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        { slotTime: formatSlot(d.slot, d.store.timeZone), amount: formatWon(d.totalAmount), pickupCode: d.pickupCode },
        { slotStartsAt: d.slot.startsAt, totalAmount: d.totalAmount, pickupCode: d.pickupCode },
      );
    }
    case "reservation.ready": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        { slotTime: formatSlot(d.slot, d.store.timeZone), pickupCode: d.pickupCode },
        { slotStartsAt: d.slot.startsAt, pickupCode: d.pickupCode },
      );
    }
    case "reservation.expired": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        { slotTime: formatSlot(d.slot, d.store.timeZone), expiredAt: formatDateTime(d.expiredAt, d.store.timeZone) },
        { slotStartsAt: d.slot.startsAt },
      );
    }
    case "reservation.picked-up": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        { slotTime: formatSlot(d.slot, d.store.timeZone), pickedUpAt: formatDateTime(d.pickedUpAt, d.store.timeZone) },
        {},
      );
    }
    case "payment.failed": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        { amount: formatWon(d.amount), failureReason: paymentFailureText(d.code), paymentId: d.paymentId },
        { paymentId: d.paymentId, amount: d.amount, code: d.code },
      );
    }
    case "refund.completed": {
      const d = event.data;
      return forCustomer(
        event.type,
        d.customer,
        d.store,
        d.reservationId,
        publicBaseUrl,
        {
          amount: formatWon(d.amount),
          remainingAmount: formatWon(d.remainingAmount),
          completedAt: formatDateTime(d.completedAt, d.store.timeZone),
          paymentId: d.paymentId,
        },
        {
          refundId: d.refundId,
          amount: d.amount,
          remainingAmount: d.remainingAmount,
          // a refund made in PortOne's console or by the PG: the reservation page explains it
          ...(d.origin === "EXTERNAL" ? { origin: d.origin, externalActor: d.externalActor ?? "API" } : {}),
        },
      );
    }
    case "refund.failed": {
      // for the store's staff: they have to sort the refund out by hand
      const d = event.data;
      return {
        type: event.type,
        audience: storeAudience(d.store.id),
        email: "none",
        values: {
          storeName: d.store.name,
          reservationId: d.reservationId,
          refundId: d.refundId,
          paymentId: d.paymentId,
          amount: formatWon(d.amount),
          errorType: d.errorType,
          reason: d.reason,
        },
        data: {
          reservationId: d.reservationId,
          refundId: d.refundId,
          paymentId: d.paymentId,
          amount: d.amount,
          errorType: d.errorType,
          link: `/staff/reservations/${pathSegment(d.reservationId)}`,
        },
      };
    }
  }
}
