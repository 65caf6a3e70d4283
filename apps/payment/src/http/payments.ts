import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { AppError, idempotency, parseWith } from "@preprint/service-kit";
import express from "express";
import type { PaymentConfig } from "../config";
import { publicStatus } from "../domain/settlement";
import type { PrismaClient } from "../db/prisma";
import type { Payment, Refund } from "../generated/prisma/client";
import type { CheckoutService } from "../services/checkout";
import type { Settlement } from "../services/settlement";
import { settleOnComplete } from "../services/portone-cooldown";
import { checkoutBodySchema, paymentIdSchema } from "./schemas";

export interface PaymentRoutesDeps {
  prisma: PrismaClient;
  config: PaymentConfig;
  verifyUser: TokenVerifier;
  checkout: CheckoutService;
  settlement: Settlement;
}

/**
 * How much of an approved payment has gone back: NONE, PARTIAL or FULL (whoever refunded it,
 * the app or PortOne's console). `status` stays the settlement outcome (APPROVED), as before.
 */
export function refundStatusOf(p: Pick<Payment, "status" | "amount" | "refundedAmount">): "NONE" | "PARTIAL" | "FULL" {
  if (p.status !== "APPROVED" || p.refundedAmount <= 0) return "NONE";
  return p.refundedAmount >= p.amount ? "FULL" : "PARTIAL";
}

/** Our record of a payment as the owner (or the store's staff) sees it. */
export function paymentView(p: Payment & { refunds?: Refund[] }) {
  return {
    paymentId: p.id,
    reservationId: p.reservationId,
    status: publicStatus(p.status),
    amount: p.amount,
    currency: p.currency,
    payMethod: p.payMethod,
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
      status: r.status,
      errorType: r.errorType,
      /** APP: asked for in the app; EXTERNAL: made in PortOne's console, by PortOne or the PG */
      origin: (r.actor as { type?: string } | null)?.type === "EXTERNAL" ? "EXTERNAL" : "APP",
      requestedAt: r.requestedAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
    })),
    createdAt: p.createdAt.toISOString(),
  };
}

const notFound = () => new AppError(404, "PAYMENT_NOT_FOUND", "Payment was not found.");

export function paymentRoutes(deps: PaymentRoutesDeps): express.Router {
  const r = express.Router();
  const customer = requireAuth(deps.verifyUser, "customer");
  const anyUser = requireAuth(deps.verifyUser, "customer", "staff");

  r.get("/payments/config", (_req, res) => {
    res.json({
      mode: deps.config.PORTONE_MODE,
      storeId: deps.config.PORTONE_STORE_ID,
      methods: [
        { payMethod: "CARD", channelKey: deps.config.PORTONE_CHANNEL_KEY_CARD },
        { payMethod: "EASY_PAY", channelKey: deps.config.PORTONE_CHANNEL_KEY_EASY_PAY },
      ],
    });
  });

  r.post("/payments/checkout", customer, idempotency({ db: deps.prisma, lockMs: deps.config.PORTONE_TIMEOUT_MS * 2 + 30_000 }), async (req, res) => {
    const body = parseWith(checkoutBodySchema, req.body);
    const result = await deps.checkout.checkout(req.auth!.sub, body.reservationId, body.payMethod);
    res.status(201).json(result);
  });

  r.post("/payments/:paymentId/complete", customer, async (req, res) => {
    const id = parseWith(paymentIdSchema, req.params.paymentId, "PAYMENT_NOT_FOUND");
    const ours = await deps.prisma.payment.findUnique({ where: { id } });
    if (!ours || ours.customerId !== req.auth!.sub) throw notFound();
    const outcome = await settleOnComplete(deps.prisma, deps.settlement, id, deps.config.PORTONE_COOLDOWN_MS);
    const payment = outcome.kind === "unknown" ? ours : outcome.payment;
    // PortOne unreachable: PENDING; the webhook or reconciliation settles it, the page polls GET
    // a return page opened again after a refund must say so, not "paid"
    res.json({
      paymentId: payment.id,
      status: publicStatus(payment.status),
      reservationId: payment.reservationId,
      refundStatus: refundStatusOf(payment),
      refundedAmount: payment.refundedAmount,
    });
  });

  r.get("/payments/:paymentId", anyUser, async (req, res) => {
    const id = parseWith(paymentIdSchema, req.params.paymentId, "PAYMENT_NOT_FOUND");
    const p = await deps.prisma.payment.findUnique({ where: { id }, include: { refunds: { orderBy: { requestedAt: "asc" } } } });
    const auth = req.auth!;
    const allowed = p && (auth.role === "customer" ? p.customerId === auth.sub : auth.storeId === p.storeId);
    if (!p || !allowed) throw notFound();
    res.json(paymentView(p));
  });

  return r;
}
