import express from "express";
import type { PaymentDeps } from "../use-cases/deps";
import { receiveWebhook } from "../use-cases/receive-webhook";
import { webhookView } from "./views";

/**
 * POST /payments/webhooks/portone: the raw body (req.rawBody, kept by the service kit) and the
 * headers go to the use case, which verifies the signature and settles (receive-webhook.ts).
 */
export function webhookRoutes(deps: PaymentDeps): express.Router {
  const r = express.Router();
  r.post("/payments/webhooks/portone", async (req, res) => {
    res.json(webhookView(await receiveWebhook(deps, { raw: req.rawBody?.toString("utf8"), headers: req.headers })));
  });
  return r;
}
