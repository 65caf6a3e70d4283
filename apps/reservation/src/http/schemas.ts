import { z } from "zod";
import { reservationStatus } from "@preprint/contracts";

/**
 * Request and response schemas of the service's HTTP API (the OpenAPI documents are built from
 * these). Every JSON answer is built by a view in views.ts typed as its response schema's output.
 */

// ---------- requests ----------

export const colorMode = z.enum(["MONO", "COLOR"]);
export const paperSize = z.enum(["A4", "A3"]);

export const orderItem = z.object({
  uploadId: z.string().min(1).max(64),
  colorMode,
  duplex: z.boolean(),
  paperSize,
  copies: z.number().int().min(1).max(100),
});

export const quoteRequest = z.object({
  storeId: z.string().min(1).max(64),
  items: z.array(orderItem).min(1).max(20),
});

/**
 * Optional: the customer accepted the made-to-order notice (GET /refund-policy →
 * `madeToOrderNotice`) before paying. Without it the reservation is still made, but 전자상거래법
 * §17②6 does not apply to it: a cancellation is refunded in full whatever its state.
 */
export const madeToOrderConsent = z
  .object({
    noticeVersion: z.string().min(1).max(64),
    accepted: z.literal(true),
  })
  .strict();

export const createReservationRequest = quoteRequest.extend({
  slotId: z.string().min(1).max(128),
  madeToOrderConsent: madeToOrderConsent.optional(),
});

export const slotsQuery = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
});

export const cancelRequest = z.object({
  reason: z.string().trim().min(1).max(500),
  /** the refund the customer was shown (cancel preview); 409 REFUND_AMOUNT_CHANGED when it no longer holds */
  expectedRefundAmount: z.number().int().nonnegative().optional(),
});

export const staffQueueQuery = z.object({
  storeId: z.string().min(1).max(64).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
});

export const pickupRequest = z.object({
  pickupCode: z.string().regex(/^\d{6}$/, "expected the 6-digit pickup code"),
});

export const staffRefundRequest = z.object({
  amount: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});

export const listReservationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().optional(),
});

export const storeParams = z.object({ storeId: z.string() });
export const reservationParams = z.object({ reservationId: z.string() });
export const uploadParams = z.object({ uploadId: z.string() });
export const reservationFileParams = z.object({ reservationId: z.string(), uploadId: z.string() });
export const alertParams = z.object({ alertId: z.string() });
/** staff of another store are refused (403 OTHER_STORE); anything but one value is ignored */
export const staffAlertsQuery = z.object({ storeId: z.string().optional().catch(undefined) });

// ---------- responses ----------

const instant = z.iso.datetime().describe("ISO 8601 instant (UTC)");
const won = z.number().int().describe("integer won");

export const slotWindowView = z.object({ id: z.string(), startsAt: instant, endsAt: instant });

export const consentView = z
  .object({ noticeVersion: z.string(), text: z.string(), acceptedAt: instant })
  .nullable()
  .describe("the made-to-order notice accepted before paying; null: every cancellation is refunded in full");

export const reservationItemView = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  pages: z.number().int(),
  colorMode,
  paperSize,
  duplex: z.boolean(),
  copies: z.number().int(),
  unit: z.enum(["SHEET", "PAGE"]),
  unitsPerCopy: z.number().int(),
  unitPrice: won,
  amount: won,
});

export const reservationView = z.object({
  id: z.string(),
  status: reservationStatus,
  store: z.object({ id: z.string(), name: z.string(), address: z.string(), timeZone: z.string() }),
  slot: slotWindowView,
  items: z.array(reservationItemView),
  totalAmount: won,
  currency: z.literal("KRW"),
  paidAmount: won,
  refundedAmount: won,
  expiresAt: instant,
  paidAt: instant.nullable(),
  pickupCode: z.string().nullable().describe("the 6-digit code, once paid"),
  cancelReason: z.string().nullable(),
  madeToOrderConsent: consentView,
  createdAt: instant,
});

export const reservationListView = z.object({
  items: z.array(reservationView),
  nextBefore: z.string().nullable().describe("pass as `before` for the next page; null on the last"),
});

export const createdReservationView = z.object({
  id: z.string(),
  status: reservationStatus,
  totalAmount: won,
  currency: z.literal("KRW"),
  expiresAt: instant,
  slotId: z.string(),
  storeId: z.string(),
  madeToOrderConsent: consentView,
});

export const cancelPreviewView = z.object({
  reservationId: z.string(),
  status: reservationStatus,
  cancellable: z.boolean(),
  paid: z.boolean(),
  outcome: z.enum(["CANCELLED", "CANCEL_REQUESTED"]).nullable().describe("what the reservation becomes"),
  refundPercent: z.number().int(),
  refundAmount: won,
  paidAmount: won,
  alreadyRefunded: won,
  currency: z.literal("KRW"),
  rule: z.enum(["UNPAID", "BEFORE_PRINTING", "WITHDRAWAL", "PRINTING", "READY"]).nullable(),
  policyVersion: z.string().nullable(),
  message: z.string(),
});

export const cancellationView = z.object({
  reservation: reservationView,
  refundAmount: won,
  refundPercent: z.number().int(),
  refundId: z.string().nullable(),
  message: z.string(),
});

export const staffRefundLineView = z.object({
  id: z.string(),
  amount: won,
  reason: z.string(),
  kind: z.enum(["CANCELLATION", "STAFF", "COMPENSATION", "EXTERNAL"]),
  status: z.enum(["REQUESTED", "COMPLETED", "FAILED"]),
  actorType: z.enum(["CUSTOMER", "STAFF", "SYSTEM"]),
  actorId: z.string().nullable(),
  createdAt: instant,
});

/** Staff never read the pickup code: they check the one the customer shows. */
export const staffReservationView = reservationView.omit({ pickupCode: true }).extend({
  customer: z.object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string().nullable() }),
  refunds: z.array(staffRefundLineView),
});

export const staffQueueView = z.object({
  storeId: z.string(),
  date: z.string(),
  slots: z.array(z.object({ slot: slotWindowView, reservations: z.array(staffReservationView) })),
});

export const staffRefundView = z.object({
  refundId: z.string(),
  status: z.literal("REQUESTED"),
  amount: won,
  remainingRefundable: won,
});

export const staffAlertView = z.object({
  id: z.string(),
  reservationId: z.string(),
  kind: z.enum(["REFUND_FAILED", "EXTERNAL_REFUND"]),
  message: z.string(),
  createdAt: instant,
});
export const staffAlertListView = z.array(staffAlertView);

export const quoteView = z.object({
  storeId: z.string(),
  priceTableId: z.string(),
  currency: z.literal("KRW"),
  lines: z.array(reservationItemView),
  subtotal: won,
  minimumChargeTopUp: won,
  totalAmount: won,
  printedPages: z.number().int().describe("slot capacity the order takes"),
});

const priceTableView = z.object({
  id: z.string(),
  effectiveFrom: instant,
  currency: z.literal("KRW"),
  duplexRule: z.literal("PER_SHEET"),
  minimumCharge: won,
  prices: z.array(z.object({ colorMode, paperSize, pricePerPage: won, pricePerDuplexSheet: won })),
});

export const storeView = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  openingHours: z
    .partialRecord(z.enum(["0", "1", "2", "3", "4", "5", "6"]), z.array(z.object({ open: z.string(), close: z.string() })))
    .describe("per weekday 0 (Sunday) … 6, local HH:mm ranges"),
  slotMinutes: z.number().int(),
  capacityPagesPerSlot: z.number().int(),
  leadMinutes: z.number().int(),
  bookingDays: z.number().int(),
  priceTable: priceTableView.nullable(),
  upcomingPriceTable: priceTableView.nullable(),
});
export const storeListView = z.array(storeView);

export const slotView = slotWindowView.extend({ capacity: z.number().int(), remaining: z.number().int() });
export const slotListView = z.array(slotView);

export const refundPolicyView = z.object({
  version: z.string(),
  printingPercent: z.number().int(),
  readyPercent: z.number().int(),
  tiers: z
    .array(z.object({ minMinutesBefore: z.number().int(), percent: z.number().int(), label: z.string() }))
    .describe("older shape: always one 100 % tier"),
  afterStartPercent: z.number().int().describe("older shape: always 100"),
  withdrawal: z.object({ days: z.number().int(), law: z.string() }),
  madeToOrderNotice: z.object({ version: z.string(), text: z.string(), law: z.string() }),
  summary: z.array(z.string()),
});

export const uploadCreatedView = z.object({
  id: z.string(),
  fileName: z.string(),
  pages: z.number().int(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});

export const uploadView = uploadCreatedView.extend({ createdAt: instant, deleted: z.boolean() });
