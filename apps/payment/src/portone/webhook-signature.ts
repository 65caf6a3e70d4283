import { Webhook } from "@portone/server-sdk";

type Headers = Record<string, string | string[] | undefined>;

/**
 * Standard Webhooks verification against every secret accepted now (at most two while a secret
 * is being rotated). A message signed with any of them is genuine; the SDK already accepts a
 * signature header carrying several `v1,…` entries. Missing headers or a stale timestamp fail
 * the same way whatever the secret, so only "no matching signature" moves on to the next one.
 */
export async function verifyWebhook(secrets: readonly string[], raw: string, headers: Headers): Promise<Webhook.Webhook> {
  let last: unknown = new Error("no webhook secret configured");
  for (const secret of secrets) {
    try {
      return await Webhook.verify(secret, raw, headers);
    } catch (err) {
      last = err;
      if (!(err instanceof Webhook.WebhookVerificationError) || err.reason !== "NO_MATCHING_SIGNATURE") throw err;
    }
  }
  throw last;
}
