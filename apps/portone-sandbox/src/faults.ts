import { randomUUID } from "node:crypto";
import { z } from "zod";

/**
 * Faults a test switches on at runtime through /__sandbox/faults. Each rule applies to the next
 * `times` matching webhooks or REST calls (or until reset when `times` is omitted).
 */

const times = z.number().int().positive().optional();

export const webhookFaultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("delay"), delayMs: z.number().int().min(0).max(600_000), times, eventType: z.string().optional() }),
  z.object({
    kind: z.literal("duplicate"),
    /** extra deliveries of the same message (default 1) */
    copies: z.number().int().min(1).max(10).default(1),
    /** true sends the copies under a new webhook-id (a different message with the same content) */
    newId: z.boolean().default(false),
    times,
    eventType: z.string().optional(),
  }),
  z.object({ kind: z.literal("drop"), times, eventType: z.string().optional() }),
]);

export const restFaultSchema = z
  .object({
    /**
     * error: answer `status` with a JSON error; timeout: hold the request `delayMs`, then drop the
     * connection; delay: hold it, then serve normally; lose-response: serve it (the cancel or
     * pre-registration happens) but drop the connection instead of answering, as when an answer
     * is lost on the way back
     */
    kind: z.enum(["error", "timeout", "delay", "lose-response"]),
    /** a regular expression matched against the request path, e.g. "^/payments/[^/]+/cancel$" */
    path: z.string().min(1),
    method: z.string().optional(),
    status: z.number().int().min(500).max(599).default(500),
    delayMs: z.number().int().min(0).max(600_000).default(30_000),
    times,
  })
  .refine(
    (r) => {
      try {
        new RegExp(r.path);
        return true;
      } catch {
        return false;
      }
    },
    { message: "path must be a valid regular expression", path: ["path"] },
  );

export const faultsBodySchema = z.object({
  webhooks: z.array(webhookFaultSchema).default([]),
  rest: z.array(restFaultSchema).default([]),
});

export type WebhookFault = z.infer<typeof webhookFaultSchema> & { id: string; remaining?: number };
export type RestFault = z.infer<typeof restFaultSchema> & { id: string; remaining?: number };

export class FaultRegistry {
  private webhookRules: WebhookFault[] = [];
  private restRules: RestFault[] = [];

  add(body: z.infer<typeof faultsBodySchema>): { webhooks: WebhookFault[]; rest: RestFault[] } {
    const webhooks = body.webhooks.map((r) => ({ ...r, id: randomUUID(), remaining: r.times }));
    const rest = body.rest.map((r) => ({ ...r, id: randomUUID(), remaining: r.times }));
    this.webhookRules.push(...webhooks);
    this.restRules.push(...rest);
    return { webhooks, rest };
  }

  reset(): void {
    this.webhookRules = [];
    this.restRules = [];
  }

  list(): { webhooks: WebhookFault[]; rest: RestFault[] } {
    return { webhooks: [...this.webhookRules], rest: [...this.restRules] };
  }

  /** Every active webhook rule that applies to a message of this type; each use counts down. */
  takeWebhookFaults(eventType: string): WebhookFault[] {
    const hits = this.webhookRules.filter((r) => !r.eventType || r.eventType === eventType);
    for (const r of hits) this.consume(r);
    this.webhookRules = this.webhookRules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return hits;
  }

  /** The first REST rule matching the call, counted down. */
  takeRestFault(method: string, path: string): RestFault | undefined {
    const hit = this.restRules.find((r) => (!r.method || r.method.toUpperCase() === method.toUpperCase()) && new RegExp(r.path).test(path));
    if (!hit) return undefined;
    this.consume(hit);
    this.restRules = this.restRules.filter((r) => r.remaining === undefined || r.remaining > 0);
    return hit;
  }

  private consume(r: { remaining?: number }): void {
    if (r.remaining !== undefined) r.remaining -= 1;
  }
}
