import { Webhook } from "@portone/server-sdk";
import { AppError } from "@preprint/service-kit";
import { webhookSecrets } from "../config";
import { markWebhookProcessed, recordWebhookReceipt } from "../db/webhook-receipts";
import type { PaymentStatus } from "../domain/settlement";
import { verifyWebhook } from "../portone/webhook-signature";
import { cancelUnknownPayment } from "./cancel-unknown-payment";
import type { PaymentDeps } from "./deps";
import { recordExternalRefunds } from "./record-external-refunds";
import { settlePayment } from "./settle-payment";

/** Cancellations of a payment we may already have approved: record any we did not make. */
const CANCEL_TYPES = new Set(["Transaction.Cancelled", "Transaction.PartialCancelled"]);

export interface WebhookDelivery {
  /** the body exactly as sent (the signature covers these bytes); undefined when it was not JSON */
  raw: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export type WebhookAnswer =
  { received: true; ignored: true } | { received: true; duplicate: true } | { received: true; status: PaymentStatus };

/**
 * A PortOne webhook. The Standard Webhooks signature is checked on the raw body against every
 * accepted secret: bad or stale → 400. Transaction.* webhooks run the same settlement as the
 * browser's complete. Each webhook-id is recorded; once processed, a replay is answered and does
 * nothing. If PortOne cannot be reached to settle, 503 so PortOne redelivers (reconciliation
 * also picks it up).
 */
export async function receiveWebhook(deps: PaymentDeps, delivery: WebhookDelivery): Promise<WebhookAnswer> {
  if (delivery.raw === undefined) throw new AppError(400, "WEBHOOK_INVALID", "Expected a JSON webhook body.");
  let webhook: Webhook.Webhook;
  try {
    webhook = await verifyWebhook(webhookSecrets(deps.config), delivery.raw, delivery.headers);
  } catch (err) {
    const reason = err instanceof Webhook.WebhookVerificationError ? err.reason : (err as Error).name;
    deps.logger.warn({ reason }, "webhook rejected");
    throw new AppError(400, "WEBHOOK_SIGNATURE_INVALID", "The webhook signature could not be verified.", { reason });
  }
  const webhookId = String(delivery.headers["webhook-id"]);
  const type = (webhook as { type?: unknown }).type;
  const data = (webhook as { data?: { paymentId?: unknown; storeId?: unknown } }).data;
  // unknown or irrelevant types are acknowledged and ignored (PortOne adds types over time)
  if (typeof type !== "string" || !type.startsWith("Transaction.") || typeof data?.paymentId !== "string")
    return { received: true, ignored: true };
  const paymentId = data.paymentId;

  const receipt = await recordWebhookReceipt(deps.prisma, { webhookId, type, paymentId, payload: webhook });
  if (receipt.processed) return { received: true, duplicate: true };

  const outcome = await settlePayment(deps, paymentId, "webhook");
  if (outcome.kind === "unavailable") {
    throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne to settle this payment; please redeliver.");
  }
  if (outcome.kind === "unknown" && type === "Transaction.Paid" && (await cancelUnknownPayment(deps, paymentId)) === "unavailable") {
    throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne about a payment we never issued; please redeliver.");
  }
  if (outcome.kind === "settled" && outcome.payment.status === "APPROVED" && CANCEL_TYPES.has(type)) {
    const synced = await recordExternalRefunds(deps, paymentId);
    if (synced.kind === "unavailable")
      throw new AppError(503, "PORTONE_UNAVAILABLE", "Could not reach PortOne to read this cancellation; please redeliver.");
  }
  await markWebhookProcessed(deps.prisma, webhookId);
  return outcome.kind === "unknown"
    ? { received: true, ignored: true }
    : { received: true, status: outcome.payment.status as PaymentStatus };
}
