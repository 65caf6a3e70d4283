import express from "express";
import { send, serveOperation } from "@preprint/service-kit";
import type { PaymentDeps } from "../use-cases/deps";
import { receiveWebhook } from "../use-cases/receive-webhook";
import { webhookOp } from "./api";
import { webhookView } from "./views";

/**
 * POST /payments/webhooks/portone: the raw body (req.rawBody, kept by the service kit) and the
 * headers go to the use case, which verifies the signature before anything reads the body
 * (receive-webhook.ts); so the declared body schema documents it but does not parse it here.
 */
export function webhookRoutes(deps: PaymentDeps): express.Router {
  const r = express.Router();
  serveOperation(r, webhookOp, async (req, res) => {
    send(res, webhookOp, webhookView(await receiveWebhook(deps, { raw: req.rawBody?.toString("utf8"), headers: req.headers })));
  });
  return r;
}
