import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce, type EventHandlers } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { storeNotification } from "../db/notifications";
import { appendToStream } from "../db/stream";
import { notificationFor, storeAudience, userAudience, type NotifiableType } from "../domain/messages";
import type { Templates } from "../templates/templates";
import { notificationMetrics } from "../telemetry/metrics";

/** Inbox consumer name (the dedupe key is (consumer, event id)). */
export const CONSUMER = "notification";

export interface HandlerDeps {
  prisma: PrismaClient;
  templates: Templates;
  publicBaseUrl: string;
  logger: Logger;
  /** called after commit when an e-mail was queued, so the local worker sends it without waiting for its next poll */
  onEmailQueued?: () => void;
}

/**
 * One handler per event. Each runs in one transaction with the inbox claim: a redelivered or
 * duplicated event produces nothing new. A handler that throws (database down, bad template) is
 * retried by the consumer and parked in the DLQ after the last attempt.
 */
export function createHandlers(deps: HandlerDeps): EventHandlers {
  const notify = async <T extends NotifiableType>(event: EventEnvelope<T>) => {
    try {
      await store(event);
    } catch (err) {
      notificationMetrics.failed("in_app");
      throw err;
    }
  };
  const store = async <T extends NotifiableType>(event: EventEnvelope<T>) => {
    const spec = notificationFor(event as Parameters<typeof notificationFor>[0], deps.publicBaseUrl);
    // render before the transaction: a broken template fails the event without holding locks
    const message = deps.templates.render(spec.type, spec.values, spec.email !== "none");
    const outcome = await handleOnce(deps.prisma, CONSUMER, event.id, (tx) => storeNotification(tx, event.id, spec, message));
    if (outcome.duplicate) {
      deps.logger.debug({ eventId: event.id, type: event.type }, "duplicate event ignored");
      return;
    }
    deps.logger.info({ eventId: event.id, type: event.type, notificationId: outcome.result.id }, "notification stored");
    notificationMetrics.sent("in_app");
    if (outcome.result.emailPending) deps.onEmailQueued?.();
  };

  return {
    "reservation.confirmed": notify,
    "reservation.ready": notify,
    "reservation.expired": notify,
    "reservation.picked-up": notify,
    "payment.failed": notify,
    "refund.completed": notify,
    "refund.failed": notify,
    // live status only: pushed to the customer's open pages and to the store's staff screens
    "reservation.status-changed": async (event) => {
      const d = event.data;
      const status = { reservationId: d.reservationId, from: d.from, to: d.to, at: d.at };
      await handleOnce(deps.prisma, CONSUMER, event.id, async (tx) => {
        await appendToStream(tx, userAudience(d.customerId), "reservation.status", status);
        await appendToStream(tx, storeAudience(d.storeId), "reservation.status", { ...status, customerId: d.customerId });
      });
    },
  };
}
