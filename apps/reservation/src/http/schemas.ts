import { z } from "zod";

/** Request schemas of the public API (the gateway builds the OpenAPI document from these). */

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
