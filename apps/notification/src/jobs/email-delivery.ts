import type { JobSpec } from "@preprint/service-kit";
import { deliverDueEmails, type DeliverEmailDeps } from "../use-cases/deliver-email";

export const EMAIL_DELIVERY_JOB = "email-delivery";

/**
 * Sends due e-mails every `pollMs`, at once on start, and right after the consumer queued one
 * (`jobs.kick(EMAIL_DELIVERY_JOB)`), so a local e-mail does not wait for the next poll.
 */
export function emailDeliveryJob(deps: DeliverEmailDeps, pollMs: number): JobSpec {
  return {
    name: EMAIL_DELIVERY_JOB,
    intervalMs: pollMs,
    initialDelayMs: 0,
    run: (signal) => deliverDueEmails(deps, signal),
  };
}
