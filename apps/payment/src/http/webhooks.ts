import { Webhook } from "@portone/server-sdk";
import { AppError, type Logger } from "@preprint/service-kit";
import express from "express";
import type { Prisma, PrismaClient } from "../db/prisma";
import { verifyWebhook } from "../portone/webhook-signature";
import type { Settlement } from "../services/settlement";
import type { ExternalRefunds } from "../services/external-refunds";
import type { UnknownPayments } from "../services/unknown-payments";

/** Cancellations of a payment we may already have approved: record any we did not make. */
const CANCEL_TYPES = new Set(["Transaction.Cancelled", "Transaction.PartialCancelled"]);

export interface WebhookDeps {
  prisma: PrismaClient;
  settlement: Settlement;
  /** the current secret first, then the one being rotated out */
  webhookSecrets: string[];
  externalRefunds: ExternalRefunds;
  unknownPayments: UnknownPayments;
  storeId: string;
  logger: Logger;
}

/**
 * POST /payments/webhooks/portone. The Standard Webhooks signature is checked on the raw body
 * (req.rawBody, kept by the service kit) with the SDK's Webhook.verify: bad or stale → 400.
 * Transaction.* webhooks run the same settlement as the browser's complete. Each webhook-id is
 * recorded; once processed, a replay is answered 200 and does nothing. If PortOne cannot be
 * reached to settle, we answer 503 so PortOne redelivers (reconciliation also picks it up).
 */
export function webhookRoutes(deps: WebhookDeps): express.Router {
  const r = express.Router();
  r.post("/payments/webhooks/portone", async (req, res) => {
    const raw = req.rawBody?.toString("utf8");
    if (raw === undefined) throw new AppError(400, "WEBHOOK_INVALID", "Expected a JSON webhook body.");
    let webhook: Webhook.Webhook;
    try {
      webhook = await verifyWebhook(deps.webhookSecrets, raw, req.headers as Record<string, string | string[] | undefined>);
    } catch (err) {
      const reason = err instanceof Webhook.WebhookVerificationError ? err.reason : (err as Error).name;
      deps.logger.warn({ reason }, "webhook rejected");
      throw new AppError(400, "WEBHOOK_SIGNATURE_INVALID", "The webhook signature could not be verified.", { reason });
    }
    const webhookId = String(req.get("webhook-id"));
    const type = (webhook as { type?: unknown }).type;
    const data = (webhook as { data?: { paymentId?: unknown; storeId?: unknown } }).data;
    if (typeof type !== "string" || !type.startsWith("Transaction.") || typeof data?.paymentId !== "string") {
      // unknown or irrelevant types are acknowledged and ignored (PortOne adds types over time)
      res.json({ received: true, ignored: true });
      return;
    }
    const paymentId = data.paymentId;

    const [receipt] = await deps.prisma.$queryRaw<{ processed_at: Date | null }[]>`
      INSERT INTO webhook_receipts (id, type, payment_id, payload)
      VALUES (${webhookId}, ${type}, ${paymentId}, ${JSON.stringify(webhook)}::jsonb)
      ON CONFLICT (id) DO UPDATE SET attempts = webhook_receipts.attempts + 1
      RETURNING processed_at`;
    if (receipt?.processed_at) {
      res.json({ received: true, duplicate: true });
      return;
    }

    const outcome = await deps.settlement.settle(paymentId, "webhook");
    if (outcome.kind === "unavailable") {
      throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne to settle this payment; please redeliver.");
    }
    if (outcome.kind === "unknown" && type === "Transaction.Paid" && (await deps.unknownPayments.handle(paymentId)) === "unavailable") {
      throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne about a payment we never issued; please redeliver.");
    }
    if (outcome.kind === "settled" && outcome.payment.status === "APPROVED" && CANCEL_TYPES.has(type)) {
      const synced = await deps.externalRefunds.sync(paymentId);
      if (synced.kind === "unavailable") throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne to read this cancellation; please redeliver.");
    }
    await deps.prisma.webhookReceipt.update({ where: { id: webhookId }, data: { processedAt: new Date() } });
    res.json({ received: true, ...(outcome.kind === "unknown" ? { ignored: true } : { status: outcome.payment.status }) });
  });
  return r;
}

export type { Prisma };
