import type { NotificationSpec } from "./messages";

export const CHANNEL = { inApp: "IN_APP", email: "EMAIL" } as const;
export const STATUS = { pending: "PENDING", sent: "SENT", failed: "FAILED", skipped: "SKIPPED", delivered: "DELIVERED" } as const;

export interface EmailOutcome {
  status: typeof STATUS.pending | typeof STATUS.skipped;
  reason?: "OPTED_OUT";
}

/**
 * Whether a notification is e-mailed: never without a recipient or for an in-app-only message;
 * an optional e-mail is skipped for a customer who switched e-mail off; a required one always goes.
 */
export function emailOutcome(
  spec: Pick<NotificationSpec, "email" | "recipient">,
  preference: { emailEnabled: boolean } | null,
): EmailOutcome | undefined {
  if (spec.email === "none" || !spec.recipient) return undefined;
  if (spec.email === "optional" && preference && !preference.emailEnabled) return { status: STATUS.skipped, reason: "OPTED_OUT" };
  return { status: STATUS.pending };
}

/** Delay before the attempt after `attempts` failures: base·2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
