import { z } from "zod";

// Request and response shapes of every route (the gateway's OpenAPI document and GET
// /openapi.json read them). Responses are built by the views in ./views.ts, whose return types
// are these schemas' types.

const payMethod = z.enum(["CARD", "EASY_PAY"]);
const isoTime = z.string().describe("ISO 8601 time");
const won = z.number().int().nonnegative().describe("integer amount in KRW");

/** POST /payments/checkout */
export const checkoutBodySchema = z.object({
  reservationId: z.string().min(1).max(100),
  payMethod,
});

/** path parameter {paymentId}: letters and digits, ≤ 40 (Smartro's rule; ours are `pay` + ULID) */
export const paymentIdSchema = z.string().regex(/^[A-Za-z0-9]{1,40}$/, "expected letters and digits, at most 40");

/**
 * The path's {paymentId} as the route takes it; the handler then checks it with `paymentIdSchema`,
 * so a malformed id answers 400 PAYMENT_NOT_FOUND rather than VALIDATION_FAILED.
 */
export const paymentParamsSchema = z.object({ paymentId: z.string().describe("`pay` + ULID: letters and digits, at most 40") });

/** GET /payments/config: what the browser SDK needs before a checkout */
export const paymentConfigResponseSchema = z.object({
  mode: z.enum(["sandbox", "test", "live"]),
  storeId: z.string(),
  methods: z.array(z.object({ payMethod, channelKey: z.string() })),
});

/** POST /payments/checkout → 201: the browser SDK's parameters for this payment */
export const checkoutResponseSchema = z.object({
  paymentId: z.string(),
  reservationId: z.string(),
  storeId: z.string(),
  channelKey: z.string(),
  payMethod,
  orderName: z.string(),
  totalAmount: won,
  currency: z.literal("KRW"),
  customer: z.object({ customerId: z.string(), fullName: z.string(), email: z.string(), phoneNumber: z.string().optional() }),
  redirectUrl: z.string(),
  /** sandbox only: the emulator's checkout page with these parameters */
  checkoutUrl: z.string().optional(),
});

/** What the browser and the API see: CANCELLING is already a failure from the customer's side. */
export const publicPaymentStatusSchema = z.enum(["APPROVED", "FAILED", "PENDING", "EXPIRED"]);

/** how much of an approved payment has gone back, whoever refunded it (the app or PortOne's console) */
export const refundStatusSchema = z.enum(["NONE", "PARTIAL", "FULL"]);

/** POST /payments/{paymentId}/complete */
export const completeResponseSchema = z.object({
  paymentId: z.string(),
  status: publicPaymentStatusSchema,
  reservationId: z.string(),
  refundStatus: refundStatusSchema,
  refundedAmount: won,
});

export const refundViewSchema = z.object({
  refundId: z.string(),
  amount: won,
  reason: z.string(),
  status: z.enum(["REQUESTED", "SUCCEEDED", "FAILED"]),
  /** PortOne's error type (or ours: PAYMENT_NOT_PAID, CANCELLATION_FAILED) when FAILED */
  errorType: z.string().nullable(),
  /** APP: asked for in the app; EXTERNAL: made in PortOne's console, by PortOne or the PG */
  origin: z.enum(["APP", "EXTERNAL"]),
  requestedAt: isoTime,
  completedAt: isoTime.nullable(),
});

/** GET /payments/{paymentId}: our record of a payment as its owner (or the store's staff) sees it */
export const paymentResponseSchema = z.object({
  paymentId: z.string(),
  reservationId: z.string(),
  status: publicPaymentStatusSchema,
  amount: won,
  currency: z.literal("KRW"),
  payMethod,
  orderName: z.string(),
  approvedAt: isoTime.nullable(),
  failedAt: isoTime.nullable(),
  failure: z.object({ code: z.string(), reason: z.string().nullable() }).nullable(),
  refundedAmount: won,
  refundableAmount: won,
  refundStatus: refundStatusSchema,
  refunds: z.array(refundViewSchema),
  createdAt: isoTime,
});

/**
 * POST /payments/webhooks/portone: PortOne's webhook (Standard Webhooks; the signature covers the
 * raw body). Only `Transaction.*` types with a `data.paymentId` act; others are acknowledged.
 */
export const portoneWebhookBodySchema = z.looseObject({
  type: z.string(),
  timestamp: z.string().optional(),
  data: z
    .looseObject({ paymentId: z.string().optional(), storeId: z.string().optional(), transactionId: z.string().optional() })
    .optional(),
});

export const webhookResponseSchema = z.union([
  /** an unknown or irrelevant type, or a payment id we never issued */
  z.object({ received: z.literal(true), ignored: z.literal(true) }),
  /** a webhook-id already processed */
  z.object({ received: z.literal(true), duplicate: z.literal(true) }),
  /** settled: the payment's status as we hold it */
  z.object({ received: z.literal(true), status: z.enum(["PENDING", "APPROVED", "CANCELLING", "FAILED", "EXPIRED"]) }),
]);
