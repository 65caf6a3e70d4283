import { newId } from "@preprint/contracts";
import type { AcceptedNotice } from "../domain/consent";
import { AppError, notFound } from "@preprint/service-kit";
import { findBookableSlot } from "../domain/slots";
import type { PrismaClient, Tx } from "./client";
import { emitAll, facts } from "./events";
import { priceFor, type OrderItemInput } from "./orders";
import { materialiseSlots, slotRules } from "./stores";
import { reservationInclude, takeCapacity, type LoadedReservation } from "./transitions";

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone?: string;
}

export const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/**
 * Creates a PENDING_PAYMENT reservation: prices it, takes the slot's capacity with one
 * conditional UPDATE (never oversold), writes items, audit and events in one transaction.
 */
export async function createReservation(
  prisma: PrismaClient,
  input: {
    customer: Customer;
    storeId: string;
    slotId: string;
    items: OrderItemInput[];
    holdMinutes: number;
    now: Date;
    /** the made-to-order notice accepted before paying; its time is the server's */
    madeToOrderConsent: AcceptedNotice | null;
  },
  /** runs last inside the transaction (the idempotent answer commits with the reservation) */
  beforeCommit?: (tx: Tx, r: LoadedReservation) => Promise<void>,
): Promise<LoadedReservation> {
  const { store, quote } = await priceFor(prisma, input.customer.id, input.storeId, input.items, input.now);
  const slot = findBookableSlot(slotRules(store), input.slotId, input.now);
  if (!slot) throw new AppError(409, "SLOT_UNAVAILABLE", "This slot cannot be booked (closed, past, or inside the lead time).");
  if (quote.printedPages > slot.capacity) {
    throw new AppError(409, "ORDER_TOO_LARGE_FOR_SLOT", `This order needs ${quote.printedPages} printed pages; a slot takes at most ${slot.capacity}.`);
  }
  const id = newId("rsv");
  const expiresAt = new Date(input.now.getTime() + input.holdMinutes * 60000);
  return prisma.$transaction(async (tx) => {
    await materialiseSlots(tx, store.id, [slot]);
    if (!(await takeCapacity(tx, slot.id, quote.printedPages))) {
      throw new AppError(409, "SLOT_FULL", "This slot is full. Please choose another time.", { slotId: slot.id });
    }
    await tx.reservation.create({
      data: {
        id,
        customerId: input.customer.id,
        customerName: input.customer.name,
        customerEmail: input.customer.email,
        customerPhone: input.customer.phone ?? null,
        storeId: store.id,
        slotId: slot.id,
        status: "PENDING_PAYMENT",
        pages: quote.printedPages,
        capacityHeld: true,
        totalAmount: quote.totalAmount,
        currency: "KRW",
        priceTableId: quote.priceTableId,
        expiresAt,
        madeToOrderConsentVersion: input.madeToOrderConsent?.version ?? null,
        madeToOrderConsentText: input.madeToOrderConsent?.text ?? null,
        madeToOrderConsentAt: input.madeToOrderConsent ? input.now : null,
        items: {
          create: quote.lines.map((l) => ({
            id: newId("itm"),
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
        },
      },
    });
    await tx.auditLog.create({
      data: { id: newId("aud"), reservationId: id, fromStatus: null, toStatus: "PENDING_PAYMENT", actorType: "CUSTOMER", actorId: input.customer.id, reason: input.madeToOrderConsent ? `reservation created; made-to-order notice ${input.madeToOrderConsent.version} accepted` : "reservation created", at: input.now },
    });
    const r = (await tx.reservation.findUnique({ where: { id }, include: reservationInclude }))!;
    await emitAll(tx, [
      {
        type: "reservation.created",
        data: { reservationId: id, ...facts(r), totalAmount: r.totalAmount, currency: "KRW", expiresAt: expiresAt.toISOString() },
      },
      {
        type: "reservation.status-changed",
        data: { reservationId: id, customerId: r.customerId, storeId: r.storeId, from: null, to: "PENDING_PAYMENT", at: input.now.toISOString() },
      },
    ]);
    await beforeCommit?.(tx, r);
    return r;
  }, TX_OPTIONS);
}

const PAID_VISIBLE = ["CONFIRMED", "PRINTING", "READY", "PICKED_UP"];

/** The made-to-order consent on record, or null: without it every cancellation refunds in full. */
export function consentView(r: Pick<LoadedReservation, "madeToOrderConsentVersion" | "madeToOrderConsentText" | "madeToOrderConsentAt">) {
  if (!r.madeToOrderConsentVersion || !r.madeToOrderConsentAt) return null;
  return { noticeVersion: r.madeToOrderConsentVersion, text: r.madeToOrderConsentText ?? "", acceptedAt: r.madeToOrderConsentAt.toISOString() };
}

/** What the owner sees. */
export function reservationView(r: LoadedReservation) {
  return {
    id: r.id,
    status: r.status,
    store: { id: r.store.id, name: r.store.name, address: r.store.address, timeZone: r.store.timeZone },
    slot: { id: r.slot.id, startsAt: r.slot.startsAt.toISOString(), endsAt: r.slot.endsAt.toISOString() },
    items: r.items.map((i) => ({
      uploadId: i.uploadId,
      fileName: i.fileName,
      pages: i.pages,
      colorMode: i.colorMode,
      paperSize: i.paperSize,
      duplex: i.duplex,
      copies: i.copies,
      unit: i.duplex ? "SHEET" : "PAGE",
      unitsPerCopy: i.billableUnits,
      unitPrice: i.unitPrice,
      amount: i.amount,
    })),
    totalAmount: r.totalAmount,
    currency: r.currency,
    paidAmount: r.paidAmount,
    refundedAmount: r.refundedAmount,
    expiresAt: r.expiresAt.toISOString(),
    paidAt: r.paidAt?.toISOString() ?? null,
    pickupCode: r.pickupCode && PAID_VISIBLE.includes(r.status) ? r.pickupCode : null,
    cancelReason: r.cancelReason,
    madeToOrderConsent: consentView(r),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function ownedReservation(prisma: PrismaClient | Tx, id: string, customerId: string): Promise<LoadedReservation> {
  const r = await prisma.reservation.findUnique({ where: { id }, include: reservationInclude });
  // another customer's reservation is "not found", not "forbidden": ids are not confirmed to exist
  if (!r || r.customerId !== customerId) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
  return r;
}
