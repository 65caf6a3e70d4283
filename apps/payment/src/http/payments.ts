import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { idempotency, parseWith } from "@preprint/service-kit";
import express from "express";
import { publicStatus } from "../domain/settlement";
import { refundStatusOf } from "../domain/refunds";
import type { Payment, Refund } from "../generated/prisma/client";
import { completePayment } from "../use-cases/complete-payment";
import type { PaymentDeps } from "../use-cases/deps";
import { getPayment } from "../use-cases/get-payment";
import { openCheckout } from "../use-cases/open-checkout";
import { checkoutBodySchema, paymentIdSchema } from "./schemas";

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

export function paymentRoutes(deps: PaymentDeps, verifyUser: TokenVerifier): express.Router {
  const { config } = deps;
  const r = express.Router();
  const customer = requireAuth(verifyUser, "customer");
  const anyUser = requireAuth(verifyUser, "customer", "staff");

  r.get("/payments/config", (_req, res) => {
    res.json({
      mode: config.PORTONE_MODE,
      storeId: config.PORTONE_STORE_ID,
      methods: [
        { payMethod: "CARD", channelKey: config.PORTONE_CHANNEL_KEY_CARD },
        { payMethod: "EASY_PAY", channelKey: config.PORTONE_CHANNEL_KEY_EASY_PAY },
      ],
    });
  });

  r.post("/payments/checkout", customer, idempotency({ db: deps.prisma, lockMs: config.PORTONE_TIMEOUT_MS * 2 + 30_000 }), async (req, res) => {
    const body = parseWith(checkoutBodySchema, req.body);
    res.status(201).json(await openCheckout(deps, req.auth!.sub, body.reservationId, body.payMethod));
  });

  r.post("/payments/:paymentId/complete", customer, async (req, res) => {
    const id = parseWith(paymentIdSchema, req.params.paymentId, "PAYMENT_NOT_FOUND");
    const payment = await completePayment(deps, req.auth!.sub, id);
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
    res.json(paymentView(await getPayment(deps, req.auth!, id)));
  });

  return r;
}
