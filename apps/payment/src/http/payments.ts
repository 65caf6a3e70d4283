import express from "express";
import { requireAuth, type TokenVerifier } from "@preprint/auth";
import { handleOperation, idempotency, parseWith, serveOperation } from "@preprint/service-kit";
import { completePayment } from "../use-cases/complete-payment";
import type { PaymentDeps } from "../use-cases/deps";
import { getPayment } from "../use-cases/get-payment";
import { openCheckout } from "../use-cases/open-checkout";
import { checkoutOp, completeOp, getPaymentOp, paymentConfigOp } from "./api";
import { paymentIdSchema } from "./schemas";
import { checkoutView, completeView, paymentConfigView, paymentView } from "./views";

export function paymentRoutes(deps: PaymentDeps, verifyUser: TokenVerifier): express.Router {
  const { config } = deps;
  const r = express.Router();
  const customer = requireAuth(verifyUser, "customer");
  const anyUser = requireAuth(verifyUser, "customer", "staff");
  const paymentId = (raw: string) => parseWith(paymentIdSchema, raw, "PAYMENT_NOT_FOUND");

  serveOperation(
    r,
    paymentConfigOp,
    handleOperation(paymentConfigOp, () => paymentConfigView(config)),
  );

  serveOperation(
    r,
    checkoutOp,
    customer,
    idempotency({ db: deps.prisma, lockMs: config.PORTONE_TIMEOUT_MS * 2 + 30_000 }),
    handleOperation(checkoutOp, async ({ body }, req) =>
      checkoutView(config, await openCheckout(deps, req.auth!.sub, body.reservationId, body.payMethod)),
    ),
  );

  serveOperation(
    r,
    completeOp,
    customer,
    handleOperation(completeOp, async ({ params }, req) =>
      completeView(await completePayment(deps, req.auth!.sub, paymentId(params.paymentId))),
    ),
  );

  serveOperation(
    r,
    getPaymentOp,
    anyUser,
    handleOperation(getPaymentOp, async ({ params }, req) => paymentView(await getPayment(deps, req.auth!, paymentId(params.paymentId)))),
  );

  return r;
}
