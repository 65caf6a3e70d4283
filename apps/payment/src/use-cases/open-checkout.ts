import { newId } from "@preprint/contracts";
import { AppError, conflict } from "@preprint/service-kit";
import { annotateSpan } from "@preprint/telemetry";
import type { PaymentConfig } from "../config";
import { isUniqueViolation } from "../db/client";
import { createPayment, findApprovedPaymentOf, findOpenPaymentOf, retireOpenPayment, setPayMethod } from "../db/payments";
import { claimPortOneCall } from "../db/portone-call-gates";
import type { Payment } from "../generated/prisma/client";
import type { InternalReservation } from "../reservation/client";
import type { PaymentDeps } from "./deps";
import { settlePayment } from "./settle-payment";

export type PayMethod = "CARD" | "EASY_PAY";

/** The payment the browser is about to pay, with the method and channel it pays through. */
export interface OpenedCheckout {
  payment: Payment;
  payMethod: PayMethod;
  channelKey: string;
}

const channelKeyFor = (config: PaymentConfig, method: PayMethod) =>
  method === "CARD" ? config.PORTONE_CHANNEL_KEY_CARD : config.PORTONE_CHANNEL_KEY_EASY_PAY;

/**
 * Reads the reservation of record, checks owner / status / expiry, creates (or reuses) the
 * payment with the amount of record and pre-registers that amount at PortOne; the browser SDK
 * then opens the payment window for it (parameters: http/views.ts). One open (PENDING) payment
 * per reservation: a second checkout reuses it (decision 0032).
 */
export async function openCheckout(
  deps: PaymentDeps,
  customerId: string,
  reservationId: string,
  payMethod: PayMethod,
): Promise<OpenedCheckout> {
  const rsv = await deps.reservations.get(reservationId);
  // someone else's reservation looks exactly like a missing one
  if (!rsv || rsv.customerId !== customerId) throw new AppError(404, "RESERVATION_NOT_FOUND", "Reservation was not found.");

  const approved = await findApprovedPaymentOf(deps.prisma, reservationId);
  if (approved) throw conflict("ALREADY_PAID", "This reservation is already paid.", { paymentId: approved.id });
  if (rsv.status !== "PENDING_PAYMENT") {
    throw conflict("RESERVATION_NOT_PAYABLE", `The reservation is ${rsv.status} and cannot be paid.`, { reservationStatus: rsv.status });
  }
  if (new Date(rsv.expiresAt).getTime() <= Date.now()) {
    throw conflict("RESERVATION_EXPIRED", "The reservation expired before payment. Please reserve again.");
  }

  const channelKey = channelKeyFor(deps.config, payMethod);
  const payment = await openPayment(deps, rsv, customerId, payMethod, channelKey);
  annotateSpan({ paymentId: payment.id, reservationId, storeId: payment.storeId });

  // a reused payment pre-registered moments ago: answer from our record (settlement checks the amount anyway)
  if (!(await claimPortOneCall(deps.prisma, payment.id, "pre-register", deps.config.PORTONE_COOLDOWN_MS)))
    return { payment, payMethod, channelKey };
  // after the row exists, so a webhook for this id always finds it
  const pre = await deps.portone.preRegister(payment.id, { totalAmount: payment.amount, currency: payment.currency });
  if (!pre.ok) {
    if (pre.kind === "rejected" && pre.type === "ALREADY_PAID") {
      const s = await settlePayment(deps, payment.id, "checkout");
      throw conflict("ALREADY_PAID", "This payment is already paid.", {
        paymentId: payment.id,
        status: s.kind === "settled" ? s.payment.status : undefined,
      });
    }
    deps.logger.warn({ paymentId: payment.id, reason: pre.kind === "rejected" ? pre.type : pre.reason }, "pre-register failed");
    throw new AppError(502, "PORTONE_UNAVAILABLE", "The payment provider is not reachable right now. Please try again.");
  }
  return { payment, payMethod, channelKey };
}

/** The reservation's open payment at the amount of record: reused, or opened. */
async function openPayment(
  deps: PaymentDeps,
  rsv: InternalReservation,
  customerId: string,
  payMethod: PayMethod,
  channelKey: string,
): Promise<Payment> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const open = await findOpenPaymentOf(deps.prisma, rsv.id);
    if (open) {
      if (open.amount === rsv.totalAmount) return setPayMethod(deps.prisma, open.id, payMethod, channelKey);
      // the amount of record changed: retire the old id (PortOne would still hold the old
      // pre-registered amount) and open a new one; reconciliation settles the old one if it is paid
      await retireOpenPayment(deps.prisma, open.id);
      continue;
    }
    try {
      return await createPayment(deps.prisma, {
        id: newId("pay", false),
        reservationId: rsv.id,
        openReservationId: rsv.id,
        customerId,
        storeId: rsv.store.id,
        amount: rsv.totalAmount,
        currency: rsv.currency,
        payMethod,
        channelKey,
        orderName: rsv.orderName.slice(0, 200),
        customer: {
          id: rsv.customer.id,
          name: rsv.customer.name,
          email: rsv.customer.email,
          ...(rsv.customer.phone ? { phone: rsv.customer.phone } : {}),
        },
        store: rsv.store,
        slot: rsv.slot,
        reservationExpiresAt: new Date(rsv.expiresAt),
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // a concurrent checkout opened it: reuse theirs
    }
  }
  throw conflict("CHECKOUT_CONFLICT", "Another checkout for this reservation is in progress. Please retry.");
}
