import type { z } from "zod";
import type { PaymentConfig } from "../config";
import { snapshotsOf } from "../db/payments";
import { refundStatusOf } from "../domain/refunds";
import { publicStatus } from "../domain/settlement";
import type { Payment, Refund } from "../generated/prisma/client";
import type { OpenedCheckout } from "../use-cases/open-checkout";
import type { WebhookAnswer } from "../use-cases/receive-webhook";
import type {
  checkoutResponseSchema,
  completeResponseSchema,
  paymentConfigResponseSchema,
  paymentResponseSchema,
  webhookResponseSchema,
} from "./schemas";

// Each response is built here, typed by its schema in ./schemas.ts: what the API documents is
// what the routes send.

export function paymentConfigView(config: PaymentConfig): z.output<typeof paymentConfigResponseSchema> {
  return {
    mode: config.PORTONE_MODE,
    storeId: config.PORTONE_STORE_ID,
    methods: [
      { payMethod: "CARD", channelKey: config.PORTONE_CHANNEL_KEY_CARD },
      { payMethod: "EASY_PAY", channelKey: config.PORTONE_CHANNEL_KEY_EASY_PAY },
    ],
  };
}

/** What the browser SDK needs to open the payment window (and, in sandbox, the emulator's page). */
export function checkoutView(
  config: PaymentConfig,
  { payment, payMethod, channelKey }: OpenedCheckout,
): z.output<typeof checkoutResponseSchema> {
  const { customer } = snapshotsOf(payment);
  const redirectUrl = new URL(
    `/reservations/${encodeURIComponent(payment.reservationId)}/payment-complete`,
    config.PUBLIC_BASE_URL,
  ).toString();
  const result: z.output<typeof checkoutResponseSchema> = {
    paymentId: payment.id,
    reservationId: payment.reservationId,
    storeId: config.PORTONE_STORE_ID,
    channelKey,
    payMethod,
    orderName: payment.orderName,
    totalAmount: payment.amount,
    currency: "KRW",
    customer: {
      customerId: customer.id.replace(/[^A-Za-z0-9]/g, "").slice(-20),
      fullName: customer.name,
      email: customer.email,
      ...(customer.phone ? { phoneNumber: customer.phone } : {}),
    },
    redirectUrl,
  };
  if (config.PORTONE_MODE === "sandbox") {
    const base = config.PORTONE_CHECKOUT_URL ?? config.PORTONE_API_BASE_URL;
    const u = new URL("/checkout", base);
    const q: Record<string, string | undefined> = {
      storeId: result.storeId,
      paymentId: result.paymentId,
      orderName: result.orderName,
      totalAmount: String(result.totalAmount),
      currency: result.currency,
      payMethod,
      channelKey,
      "customer.customerId": result.customer.customerId,
      "customer.fullName": result.customer.fullName,
      "customer.email": result.customer.email,
      "customer.phoneNumber": result.customer.phoneNumber,
      redirectUrl,
    };
    for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
    result.checkoutUrl = u.toString();
  }
  return result;
}

/** The browser's return page: the outcome, and whether money has gone back since (a page opened again after a refund must say so). */
export function completeView(p: Payment): z.output<typeof completeResponseSchema> {
  return {
    paymentId: p.id,
    status: publicStatus(p.status),
    reservationId: p.reservationId,
    refundStatus: refundStatusOf(p),
    refundedAmount: p.refundedAmount,
  };
}

/** Our record of a payment as the owner (or the store's staff) sees it. */
export function paymentView(p: Payment & { refunds?: Refund[] }): z.output<typeof paymentResponseSchema> {
  return {
    paymentId: p.id,
    reservationId: p.reservationId,
    status: publicStatus(p.status),
    amount: p.amount,
    currency: p.currency as "KRW",
    payMethod: p.payMethod as "CARD" | "EASY_PAY",
    orderName: p.orderName,
    approvedAt: p.approvedAt?.toISOString() ?? null,
    failedAt: p.failedAt?.toISOString() ?? null,
    failure: p.failureCode ? { code: p.failureCode, reason: p.failureReason } : null,
    refundedAmount: p.refundedAmount,
    refundableAmount: p.status === "APPROVED" ? Math.max(0, p.amount - p.refundedAmount) : 0,
    refundStatus: refundStatusOf(p),
    refunds: (p.refunds ?? []).map((r) => ({
      refundId: r.id,
      amount: r.amount,
      reason: r.reason,
      status: r.status as "REQUESTED" | "SUCCEEDED" | "FAILED",
      errorType: r.errorType,
      origin: (r.actor as { type?: string } | null)?.type === "EXTERNAL" ? "EXTERNAL" : "APP",
      requestedAt: r.requestedAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
    })),
    createdAt: p.createdAt.toISOString(),
  };
}

export function webhookView(answer: WebhookAnswer): z.output<typeof webhookResponseSchema> {
  return answer;
}
