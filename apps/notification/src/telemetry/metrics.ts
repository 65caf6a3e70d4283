import { meter } from "@preprint/service-kit";

export type Channel = "in_app" | "email";

/**
 * Notification's operational metrics (scraped at GET /metrics), labelled by channel only:
 * - `preprint.notifications.sent{channel}`: in_app = stored in the inbox (and streamed), email =
 *   accepted by the SMTP server (or written as .eml without SMTP_URL)
 * - `preprint.notifications.failed{channel}`: email = given up (permanent error or out of
 *   attempts); in_app = a handler attempt that failed (the consumer retries it, then parks it)
 * - `preprint.messaging.dlq.depth{queue}`: messages parked in `notification.dlq` (the service kit's gauge)
 * - `preprint.notification.streams`: live-push (SSE) streams open on this replica; sum over
 *   replicas, compare with SSE_MAX_STREAMS
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

/** Zero-valued series and the open-streams gauge. Call once, after telemetry started. */
export function registerNotificationMetrics(deps: { openStreams: () => number }): { stop(): void } {
  instruments ??= create();
  const streams = meter("@preprint/notification").createObservableGauge("preprint.notification.streams", {
    description: "live-push (SSE) streams open on this replica",
  });
  const observe = (r: { observe(v: number): void }) => r.observe(deps.openStreams());
  streams.addCallback(observe);
  return {
    stop() {
      streams.removeCallback(observe);
    },
  };
}
