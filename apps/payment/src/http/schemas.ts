import { z } from "zod";

/** POST /payments/checkout */
export const checkoutBodySchema = z.object({
  reservationId: z.string().min(1).max(100),
  payMethod: z.enum(["CARD", "EASY_PAY"]),
});

/** path parameter {paymentId}: letters and digits, ≤ 40 (Smartro's rule; ours are `pay` + ULID) */
export const paymentIdSchema = z.string().regex(/^[A-Za-z0-9]{1,40}$/, "expected letters and digits, at most 40");

export const paymentConfigResponseSchema = z.object({
  mode: z.enum(["sandbox", "test", "live"]),
  storeId: z.string(),
  methods: z.array(z.object({ payMethod: z.enum(["CARD", "EASY_PAY"]), channelKey: z.string() })),
});

/** how much of an approved payment has gone back, whoever refunded it (the app or PortOne's console) */
export const refundStatusSchema = z.enum(["NONE", "PARTIAL", "FULL"]);

export const completeResponseSchema = z.object({
  paymentId: z.string(),
  status: z.enum(["APPROVED", "FAILED", "PENDING", "EXPIRED"]),
  reservationId: z.string(),
  refundStatus: refundStatusSchema,
  refundedAmount: z.number().int().nonnegative(),
});
