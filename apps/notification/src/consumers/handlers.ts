import type { EventEnvelope } from "@preprint/contracts";
import type { EventHandlers } from "@preprint/messaging";
import type { NotifiableType } from "../domain/messages";
import { pushStatusChange } from "../use-cases/push-status-change";
import { recordNotification, type RecordNotificationDeps } from "../use-cases/record-notification";

/**
 * One handler per event consumed, each one use case. A handler that throws (database down, bad
 * template) is retried by the consumer and parked in the DLQ after the last attempt.
 */
export function createHandlers(deps: RecordNotificationDeps): EventHandlers {
  const notify = <T extends NotifiableType>(event: EventEnvelope<T>) => recordNotification(deps, event);
  return {
    "reservation.confirmed": notify,
    "reservation.ready": notify,
    "reservation.expired": notify,
    "reservation.picked-up": notify,
    "payment.failed": notify,
    "refund.completed": notify,
    "refund.failed": notify,
    // live status only: pushed to the customer's open pages and to the store's staff screens
    "reservation.status-changed": (event) => pushStatusChange(deps.prisma, event),
  };
}
