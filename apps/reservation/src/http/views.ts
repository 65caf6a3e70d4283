import type { z } from "zod";
import type { InternalReservationInput, ReservationStatus } from "@preprint/contracts";
import type { AlertKind } from "../db/alerts";
import type { LoadedReservation, ReservationWithRefunds } from "../db/reservations";
import { priceTableAt, type LoadedStore } from "../db/stores";
import type { CancelPreview } from "../domain/cancellation";
import { orderName } from "../domain/order-name";
import type { ColorMode, PaperSize, PriceTable, Quote } from "../domain/pricing";
import { madeToOrderNotice, policySummary, WITHDRAWAL_DAYS, WITHDRAWAL_LAW, type RefundPolicy } from "../domain/refund-policy";
import type { OpeningHours } from "../domain/slots";
import type { Cancellation } from "../use-cases/cancel-reservation";
import type { SlotAvailability } from "../use-cases/list-slots";
import type { QueueSlot } from "../use-cases/list-staff-queue";
import type { StaffRefund } from "../use-cases/refund-by-staff";
import type {
  cancellationView,
  cancelPreviewView,
  consentView,
  createdReservationView,
  quoteView,
  refundPolicyView,
  reservationListView,
  reservationView,
  slotView,
  slotWindowView,
  staffAlertView,
  staffQueueView,
  staffRefundLineView,
  staffRefundView,
  staffReservationView,
  storeView,
  uploadCreatedView,
  uploadView,
} from "./schemas";

/** Each view produces exactly its response schema's output type. */
type Out<S extends z.ZodType> = z.output<S>;
type Status = ReservationStatus;
type RefundLine = Out<typeof staffRefundLineView>;

const PAID_VISIBLE = ["CONFIRMED", "PRINTING", "READY", "PICKED_UP"];

const toSlotWindow = (s: { id: string; startsAt: Date; endsAt: Date }): Out<typeof slotWindowView> => ({
  id: s.id,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
});

/** The made-to-order consent on record, or null: without it every cancellation refunds in full. */
export function toConsentView(
  r: Pick<LoadedReservation, "madeToOrderConsentVersion" | "madeToOrderConsentText" | "madeToOrderConsentAt">,
): Out<typeof consentView> {
  if (!r.madeToOrderConsentVersion || !r.madeToOrderConsentAt) return null;
  return {
    noticeVersion: r.madeToOrderConsentVersion,
    text: r.madeToOrderConsentText ?? "",
    acceptedAt: r.madeToOrderConsentAt.toISOString(),
  };
}

/** What the owner sees. */
export function toReservationView(r: LoadedReservation): Out<typeof reservationView> {
  return {
    id: r.id,
    status: r.status as Status,
    store: { id: r.store.id, name: r.store.name, address: r.store.address, timeZone: r.store.timeZone },
    slot: toSlotWindow(r.slot),
    items: r.items.map((i) => ({
      uploadId: i.uploadId,
      fileName: i.fileName,
      pages: i.pages,
      colorMode: i.colorMode as ColorMode,
      paperSize: i.paperSize as PaperSize,
      duplex: i.duplex,
      copies: i.copies,
      unit: i.duplex ? "SHEET" : "PAGE",
      unitsPerCopy: i.billableUnits,
      unitPrice: i.unitPrice,
      amount: i.amount,
    })),
    totalAmount: r.totalAmount,
    currency: "KRW",
    paidAmount: r.paidAmount,
    refundedAmount: r.refundedAmount,
    expiresAt: r.expiresAt.toISOString(),
    paidAt: r.paidAt?.toISOString() ?? null,
    pickupCode: r.pickupCode && PAID_VISIBLE.includes(r.status) ? r.pickupCode : null,
    cancelReason: r.cancelReason,
    madeToOrderConsent: toConsentView(r),
    createdAt: r.createdAt.toISOString(),
  };
}

/** The answer to a new reservation. */
export function toCreatedReservationView(r: LoadedReservation): Out<typeof createdReservationView> {
  return {
    id: r.id,
    status: r.status as Status,
    totalAmount: r.totalAmount,
    currency: "KRW",
    expiresAt: r.expiresAt.toISOString(),
    slotId: r.slotId,
    storeId: r.storeId,
    madeToOrderConsent: toConsentView(r),
  };
}

export function toReservationListView(page: { items: LoadedReservation[]; nextBefore: string | null }): Out<typeof reservationListView> {
  return { items: page.items.map(toReservationView), nextBefore: page.nextBefore };
}

export function toCancelPreviewView(p: CancelPreview): Out<typeof cancelPreviewView> {
  return { ...p, status: p.status as Status, rule: p.rule as Out<typeof cancelPreviewView>["rule"] };
}

export function toCancellationView(c: Cancellation): Out<typeof cancellationView> {
  return {
    reservation: toReservationView(c.reservation),
    refundAmount: c.preview.refundAmount,
    refundPercent: c.preview.refundPercent,
    refundId: c.refundId ?? null,
    message: c.preview.message,
  };
}

/** What staff see: the customer's contact and the refunds, never the pickup code (they check the one the customer shows). */
export function toStaffReservationView(r: ReservationWithRefunds): Out<typeof staffReservationView> {
  const { pickupCode: _notForStaff, ...ownerView } = toReservationView(r);
  return {
    ...ownerView,
    customer: { id: r.customerId, name: r.customerName, email: r.customerEmail, phone: r.customerPhone },
    refunds: r.refunds.map((f) => ({
      id: f.id,
      amount: f.amount,
      reason: f.reason,
      kind: f.kind as RefundLine["kind"],
      status: f.status as RefundLine["status"],
      actorType: f.actorType as RefundLine["actorType"],
      actorId: f.actorId,
      createdAt: f.createdAt.toISOString(),
    })),
  };
}

export function toStaffQueueView(storeId: string, date: string, slots: QueueSlot[]): Out<typeof staffQueueView> {
  return {
    storeId,
    date,
    slots: slots.map((s) => ({ slot: toSlotWindow(s.slot), reservations: s.reservations.map(toStaffReservationView) })),
  };
}

export function toStaffRefundView(f: StaffRefund): Out<typeof staffRefundView> {
  return { refundId: f.refundId, status: "REQUESTED", amount: f.amount, remainingRefundable: f.remainingRefundable };
}

export function toAlertView(a: {
  id: string;
  reservationId: string;
  kind: string;
  message: string;
  createdAt: Date;
}): Out<typeof staffAlertView> {
  return { id: a.id, reservationId: a.reservationId, kind: a.kind as AlertKind, message: a.message, createdAt: a.createdAt.toISOString() };
}

export function toQuoteView(storeId: string, q: Quote): Out<typeof quoteView> {
  return {
    storeId,
    priceTableId: q.priceTableId,
    currency: q.currency,
    lines: q.lines.map((l) => ({
      uploadId: l.uploadId,
      fileName: l.fileName,
      pages: l.pages,
      colorMode: l.colorMode,
      paperSize: l.paperSize,
      duplex: l.duplex,
      copies: l.copies,
      unit: l.unit,
      unitsPerCopy: l.billableUnits,
      unitPrice: l.unitPrice,
      amount: l.amount,
    })),
    subtotal: q.subtotal,
    minimumChargeTopUp: q.minimumChargeTopUp,
    totalAmount: q.totalAmount,
    printedPages: q.printedPages,
  };
}

export function toStoreView(store: LoadedStore, now: Date): Out<typeof storeView> {
  const current = priceTableAt(store, now);
  const upcoming = store.priceTables
    .filter((t) => t.effectiveFrom.getTime() > now.getTime())
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0];
  const view = (t: PriceTable | undefined) =>
    t && {
      id: t.id,
      effectiveFrom: t.effectiveFrom.toISOString(),
      currency: "KRW" as const,
      duplexRule: t.duplexRule,
      minimumCharge: t.minimumCharge,
      prices: t.entries,
    };
  return {
    id: store.id,
    name: store.name,
    address: store.address,
    phone: store.phone,
    timeZone: store.timeZone,
    openingHours: store.openingHours as OpeningHours,
    slotMinutes: store.slotMinutes,
    capacityPagesPerSlot: store.capacityPages,
    leadMinutes: store.leadMinutes,
    bookingDays: store.bookingDays,
    priceTable: view(current) ?? null,
    upcomingPriceTable: (upcoming && view(priceTableAt({ ...store, priceTables: [upcoming] }, upcoming.effectiveFrom))) ?? null,
  };
}

export function toSlotView(s: SlotAvailability): Out<typeof slotView> {
  return { ...toSlotWindow(s), capacity: s.capacity, remaining: s.remaining };
}

export function toRefundPolicyView(p: RefundPolicy): Out<typeof refundPolicyView> {
  return {
    ...p,
    // the older published shape, kept for clients that read it: no deduction before printing
    tiers: [{ minMinutesBefore: 0, percent: 100, label: "인쇄 시작 전: 전액 환불" }],
    afterStartPercent: 100,
    withdrawal: { days: WITHDRAWAL_DAYS, law: WITHDRAWAL_LAW },
    madeToOrderNotice: madeToOrderNotice(p),
    summary: policySummary(p),
  };
}

export function toUploadCreatedView(u: {
  id: string;
  fileName: string;
  pages: number;
  sizeBytes: number;
  sha256: string;
}): Out<typeof uploadCreatedView> {
  return { id: u.id, fileName: u.fileName, pages: u.pages, sizeBytes: u.sizeBytes, sha256: u.sha256 };
}

export function toUploadView(u: {
  id: string;
  fileName: string;
  pages: number;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
  deletedAt: Date | null;
}): Out<typeof uploadView> {
  return { ...toUploadCreatedView(u), createdAt: u.createdAt.toISOString(), deleted: u.deletedAt !== null };
}

/** The reservation as the payment service reads it to open a checkout (the contract's shape). */
export function toInternalReservation(r: LoadedReservation): InternalReservationInput {
  return {
    id: r.id,
    customerId: r.customerId,
    status: r.status as Status,
    totalAmount: r.totalAmount,
    currency: "KRW",
    expiresAt: r.expiresAt.toISOString(),
    paymentId: r.paymentId,
    paidAmount: r.paidAmount,
    refundedAmount: r.refundedAmount,
    customer: { id: r.customerId, name: r.customerName, email: r.customerEmail, phone: r.customerPhone },
    store: { id: r.store.id, name: r.store.name, timeZone: r.store.timeZone },
    slot: toSlotWindow(r.slot),
    orderName: orderName(r),
  };
}
