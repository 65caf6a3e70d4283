import { newId } from "@preprint/contracts";
import { AppError } from "@preprint/service-kit";
import { TX_OPTIONS, type PrismaClient, type Tx } from "../db/client";
import { emitAll, facts } from "../db/events";
import { insertPendingReservation, type LoadedReservation } from "../db/reservations";
import { materialiseSlots, slotRules } from "../db/stores";
import { takeCapacity } from "../db/transitions";
import { acceptedNotice, type AcceptedNotice } from "../domain/consent";
import { madeToOrderNoticeVersion, type RefundPolicy } from "../domain/refund-policy";
import { findBookableSlot } from "../domain/slots";
import { quoteItems, type OrderItemInput } from "./quote-items";

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone?: string;
}

/** A consent to a notice that is no longer the one in force cannot be recorded: the client shows the new one. */
function consentFor(policy: RefundPolicy, noticeVersion: string): AcceptedNotice {
  const accepted = acceptedNotice(policy, noticeVersion);
  if (!accepted) {
    throw new AppError(
      409,
      "CONSENT_NOTICE_CHANGED",
      "The made-to-order notice has changed. Read the current notice and accept it again.",
      {
        currentNoticeVersion: madeToOrderNoticeVersion(policy),
      },
    );
  }
  return accepted;
}

/**
 * Creates a PENDING_PAYMENT reservation: prices it, takes the slot's capacity with one
 * conditional UPDATE (never oversold), writes items, audit and events in one transaction.
 */
export async function createReservation(
  d: { prisma: PrismaClient; policy: RefundPolicy; holdMinutes: number },
  input: {
    customer: Customer;
    storeId: string;
    slotId: string;
    items: OrderItemInput[];
    now: Date;
    /** the version of the made-to-order notice the customer accepted before paying, if any */
    madeToOrderNoticeVersion: string | null;
  },
  /** runs last inside the transaction (the idempotent answer commits with the reservation) */
  beforeCommit?: (tx: Tx, r: LoadedReservation) => Promise<void>,
): Promise<LoadedReservation> {
  // the consent's time is the server's; the text is the service's own for that version
  const consent = input.madeToOrderNoticeVersion === null ? null : consentFor(d.policy, input.madeToOrderNoticeVersion);
  const { store, quote } = await quoteItems(d, {
    customerId: input.customer.id,
    storeId: input.storeId,
    items: input.items,
    now: input.now,
  });
  const slot = findBookableSlot(slotRules(store), input.slotId, input.now);
  if (!slot) throw new AppError(409, "SLOT_UNAVAILABLE", "This slot cannot be booked (closed, past, or inside the lead time).");
  if (quote.printedPages > slot.capacity) {
    throw new AppError(
      409,
      "ORDER_TOO_LARGE_FOR_SLOT",
      `This order needs ${quote.printedPages} printed pages; a slot takes at most ${slot.capacity}.`,
    );
  }
  const id = newId("rsv");
  const expiresAt = new Date(input.now.getTime() + d.holdMinutes * 60000);
  return d.prisma.$transaction(async (tx) => {
    await materialiseSlots(tx, store.id, [slot]);
    if (!(await takeCapacity(tx, slot.id, quote.printedPages))) {
      throw new AppError(409, "SLOT_FULL", "This slot is full. Please choose another time.", { slotId: slot.id });
    }
    const r = await insertPendingReservation(tx, {
      id,
      customer: input.customer,
      storeId: store.id,
      slotId: slot.id,
      pages: quote.printedPages,
      totalAmount: quote.totalAmount,
      priceTableId: quote.priceTableId,
      expiresAt,
      consent: consent ? { version: consent.version, text: consent.text, at: input.now } : null,
      items: quote.lines.map((l) => ({
        uploadId: l.uploadId,
        fileName: l.fileName,
        pages: l.pages,
        colorMode: l.colorMode,
        paperSize: l.paperSize,
        duplex: l.duplex,
        copies: l.copies,
        billableUnits: l.billableUnits,
        unitPrice: l.unitPrice,
        amount: l.amount,
      })),
      audit: {
        reason: consent ? `reservation created; made-to-order notice ${consent.version} accepted` : "reservation created",
        at: input.now,
      },
    });
    await emitAll(tx, [
      {
        type: "reservation.created",
        data: { reservationId: id, ...facts(r), totalAmount: r.totalAmount, currency: "KRW", expiresAt: expiresAt.toISOString() },
      },
      {
        type: "reservation.status-changed",
        data: {
          reservationId: id,
          customerId: r.customerId,
          storeId: r.storeId,
          from: null,
          to: "PENDING_PAYMENT",
          at: input.now.toISOString(),
        },
      },
    ]);
    await beforeCommit?.(tx, r);
    return r;
  }, TX_OPTIONS);
}
