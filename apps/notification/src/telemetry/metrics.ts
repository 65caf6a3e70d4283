import { queueNames, type MessagingConnection } from "@preprint/messaging";
import { meter } from "@preprint/service-kit";
import { observeQueueDepth } from "@preprint/telemetry";

export type Channel = "in_app" | "email";

/**
 * Notification's operational metrics (scraped at GET /metrics), labelled by channel only:
 * - `preprint.notifications.sent{channel}`: in_app = stored in the inbox (and streamed), email =
 *   accepted by the SMTP server (or written as .eml without SMTP_URL)
 * - `preprint.notifications.failed{channel}`: email = given up (permanent error or out of
 *   attempts); in_app = a handler attempt that failed (the consumer retries it, then parks it)
 * - `preprint.messaging.dlq.depth{queue}`: messages parked in `notification.dlq`
 */
let instruments: ReturnType<typeof create> | undefined;
function create() {
  const m = meter("@preprint/notification");
  const sent = m.createCounter("preprint.notifications.sent", { description: "notifications delivered, per channel" });
  const failed = m.createCounter("preprint.notifications.failed", { description: "notification deliveries that failed, per channel" });
  for (const channel of ["in_app", "email"]) {
    sent.add(0, { channel });
    failed.add(0, { channel });
  }
  return { sent, failed };
}

export const notificationMetrics = {
  sent(channel: Channel): void {
    instruments ??= create();
    instruments.sent.add(1, { channel });
  },
  failed(channel: Channel): void {
    instruments ??= create();
    instruments.failed.add(1, { channel });
  },
};

/** Zero-valued series and the DLQ gauge. Call once, after telemetry started. */
export function registerNotificationMetrics(deps: { connection: MessagingConnection; queue?: string }): { stop(): void } {
  instruments ??= create();
  return observeQueueDepth(deps.connection, [queueNames(deps.connection.queueName(deps.queue ?? "notification")).dlq]);
}
