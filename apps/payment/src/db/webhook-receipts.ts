import type { Tx } from "./client";

/**
 * Records a verified webhook by its `webhook-id` (a re-send counts another attempt) and says
 * whether an earlier delivery of it was already processed.
 */
export async function recordWebhookReceipt(
  db: Tx,
  r: { webhookId: string; type: string; paymentId: string; payload: unknown },
): Promise<{ processed: boolean }> {
  const [receipt] = await db.$queryRaw<{ processed_at: Date | null }[]>`
    INSERT INTO webhook_receipts (id, type, payment_id, payload)
    VALUES (${r.webhookId}, ${r.type}, ${r.paymentId}, ${JSON.stringify(r.payload)}::jsonb)
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_receipts.attempts + 1
    RETURNING processed_at`;
  return { processed: Boolean(receipt?.processed_at) };
}

export async function markWebhookProcessed(db: Tx, webhookId: string): Promise<void> {
  await db.webhookReceipt.update({ where: { id: webhookId }, data: { processedAt: new Date() } });
}
