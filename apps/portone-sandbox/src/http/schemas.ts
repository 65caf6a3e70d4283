import { z } from "zod";
import { EASY_PAY_PROVIDERS, PAY_METHODS } from "../domain/channels";

/** Request bodies of the REST subset, after PortOne's schema (PreRegisterPaymentBody, CancelPaymentBody, GetPaymentsBody). */

const int64 = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** PortOne accepts KRW and USD on the channels we emulate (docs/portone.md §7) */
export const currencySchema = z.enum(["KRW", "USD"]);

export const preRegisterBodySchema = z.object({
  storeId: z.string().optional(),
  totalAmount: int64.optional(),
  taxFreeAmount: int64.optional(),
  currency: currencySchema.optional(),
});

export const cancelBodySchema = z.object({
  storeId: z.string().optional(),
  amount: int64.positive().optional(),
  taxFreeAmount: int64.optional(),
  vatAmount: int64.optional(),
  reason: z.string().min(1),
  requester: z.enum(["CUSTOMER", "ADMIN"]).optional(),
  promotionDiscountRetainOption: z.enum(["RETAIN", "RELEASE"]).optional(),
  currentCancellableAmount: int64.optional(),
  refundAccount: z
    .object({ bank: z.string(), number: z.string(), holderName: z.string(), holderPhoneNumber: z.string().optional() })
    .optional(),
  refundEmail: z.string().optional(),
  skipWebhook: z.boolean().optional(),
});

export const getPaymentsBodySchema = z.object({
  page: z.object({ number: z.number().int().min(0).optional(), size: z.number().int().min(1).optional() }).optional(),
  filter: z
    .object({
      storeId: z.string().optional(),
      merchantId: z.string().optional(),
      status: z
        .array(z.enum(["READY", "PENDING", "VIRTUAL_ACCOUNT_ISSUED", "PAID", "FAILED", "PARTIAL_CANCELLED", "CANCELLED"]))
        .optional(),
      methods: z.array(z.string()).optional(),
      pgProvider: z.array(z.string()).optional(),
      isTest: z.boolean().optional(),
      currency: z.string().optional(),
      timestampType: z.enum(["CREATED_AT", "STATUS_CHANGED_AT"]).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      sortBy: z.enum(["REQUESTED_AT", "STATUS_CHANGED_AT"]).optional(),
      sortOrder: z.enum(["DESC", "ASC"]).optional(),
    })
    .optional(),
});

/** PortOne V2 + Smartro: letters and digits, at most 40 (docs/portone.md §7); Toss also allows - and _ . */
export const paymentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "paymentId는 영문, 숫자, -, _ 로 64자 이내여야 합니다." });

const customerSchema = z.object({
  customerId: z.string().max(64).optional(),
  fullName: z.string().max(100).optional(),
  firstName: z.string().max(50).optional(),
  lastName: z.string().max(50).optional(),
  phoneNumber: z.string().max(30).optional(),
  email: z.string().max(200).optional(),
});

const httpUrl = z.url({ protocol: /^https?$/, message: "http(s) URL이어야 합니다." });

/**
 * GET /checkout query: the browser SDK's `requestPayment` parameters, flattened. Nested objects use
 * dotted keys (`customer.fullName`, `easyPay.easyPayProvider`); `customData` is JSON text;
 * `noticeUrls` may repeat. Only the redirect mode exists here, so `redirectUrl` is required.
 */
export const checkoutQuerySchema = z.object({
  storeId: z.string().optional(),
  paymentId: paymentIdSchema,
  orderName: z.string().min(1).max(200),
  totalAmount: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  taxFreeAmount: z.coerce.number().int().min(0).optional(),
  currency: z
    .string()
    .default("KRW")
    .transform((c) => c.replace(/^CURRENCY_/, ""))
    .pipe(currencySchema),
  payMethod: z.enum(PAY_METHODS),
  channelKey: z.string().min(1).optional(),
  easyPayProvider: z
    .string()
    .transform((p) => p.replace(/^EASY_PAY_PROVIDER_/, ""))
    .pipe(z.enum(EASY_PAY_PROVIDERS))
    .optional(),
  customer: customerSchema.optional(),
  customData: z
    .string()
    .refine((s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    }, "customData는 JSON이어야 합니다.")
    .optional(),
  noticeUrls: z.array(httpUrl).max(5).optional(),
  redirectUrl: httpUrl,
  /** IFRAME: the browser SDK's PC window inside the merchant's page (result by postMessage, not redirect) */
  windowType: z.enum(["IFRAME", "REDIRECTION"]).optional(),
});

export type CheckoutQuery = z.infer<typeof checkoutQuerySchema>;

/** Turns `?customer.fullName=..&easyPay.easyPayProvider=..&noticeUrls=a&noticeUrls=b` into the schema's input. */
export function checkoutInput(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const customer: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(query)) {
    const v = Array.isArray(raw) && k !== "noticeUrls" ? raw[0] : raw;
    if (v === "" || v === undefined) continue;
    if (k.startsWith("customer.")) customer[k.slice(9)] = v;
    else if (k === "easyPay.easyPayProvider" || k === "easyPayProvider") out.easyPayProvider = v;
    else if (k === "noticeUrls") out.noticeUrls = Array.isArray(v) ? v : [v];
    else out[k] = v;
  }
  if (Object.keys(customer).length > 0) out.customer = customer;
  return out;
}

export const hookPayBodySchema = z.object({
  payMethod: z.enum(PAY_METHODS),
  outcome: z.enum(["PAID", "FAILED"]),
  totalAmount: int64.optional(),
  enforcePreRegistered: z.boolean().optional(),
  easyPayProvider: z.enum(EASY_PAY_PROVIDERS).optional(),
  /** used when the checkout page was never opened for this payment */
  orderName: z.string().min(1).optional(),
  currency: currencySchema.optional(),
  channelKey: z.string().optional(),
  customer: customerSchema.optional(),
  customData: z.string().optional(),
  noticeUrls: z.array(httpUrl).optional(),
  failure: z.object({ reason: z.string(), pgCode: z.string(), pgMessage: z.string() }).optional(),
  /** pays through the channel as if it were of this type (a LIVE key used where TEST is expected, or the reverse) */
  channelType: z.enum(["TEST", "LIVE"]).optional(),
});

/** POST /__sandbox/payments/{id}/cancel: a cancellation the merchant's server did not ask for */
export const hookCancelBodySchema = z.object({
  /** default: the whole remaining balance */
  amount: int64.positive().optional(),
  reason: z.string().min(1).default("콘솔 취소"),
  trigger: z.enum(["CONSOLE", "PORTONE_ADMIN", "CHARGEBACK"]).default("CONSOLE"),
  skipWebhook: z.boolean().optional(),
});

export const checkoutFormSchema = z.object({
  paymentId: paymentIdSchema,
  transactionId: z.string().min(1),
  /** CARD or EASY_PAY:<provider> */
  method: z.string().regex(/^(CARD|EASY_PAY:[A-Z_]+)$/),
  action: z.enum(["pay", "decline"]),
  windowType: z.enum(["IFRAME", "REDIRECTION"]).optional(),
});

/** First issue of a zod error as a one-line message naming the field. */
export function describeZodError(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "요청이 올바르지 않습니다.";
  const path = i.path.map(String).join(".");
  return path ? `${path}: ${i.message}` : i.message;
}
