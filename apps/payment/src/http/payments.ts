import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { idempotency, parseWith } from "@preprint/service-kit";
import express from "express";
import { completePayment } from "../use-cases/complete-payment";
import type { PaymentDeps } from "../use-cases/deps";
import { getPayment } from "../use-cases/get-payment";
import { openCheckout } from "../use-cases/open-checkout";
import { checkoutBodySchema, paymentIdSchema } from "./schemas";
import { checkoutView, completeView, paymentConfigView, paymentView } from "./views";

export function paymentRoutes(deps: PaymentDeps, verifyUser: TokenVerifier): express.Router {
  const { config } = deps;
  const r = express.Router();
  const customer = requireAuth(verifyUser, "customer");
  const anyUser = requireAuth(verifyUser, "customer", "staff");

  r.get("/payments/config", (_req, res) => {
    res.json(paymentConfigView(config));
  });

  r.post("/payments/checkout", customer, idempotency({ db: deps.prisma, lockMs: config.PORTONE_TIMEOUT_MS * 2 + 30_000 }), async (req, res) => {
    const body = parseWith(checkoutBodySchema, req.body);
    res.status(201).json(checkoutView(config, await openCheckout(deps, req.auth!.sub, body.reservationId, body.payMethod)));
  });

  r.post("/payments/:paymentId/complete", customer, async (req, res) => {
    const id = parseWith(paymentIdSchema, req.params.paymentId, "PAYMENT_NOT_FOUND");
    res.json(completeView(await completePayment(deps, req.auth!.sub, id)));
  });

  r.get("/payments/:paymentId", anyUser, async (req, res) => {
    const id = parseWith(paymentIdSchema, req.params.paymentId, "PAYMENT_NOT_FOUND");
    res.json(paymentView(await getPayment(deps, req.auth!, id)));
  });

  return r;
}
