import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce, type EventHandlers } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import type { PrismaClient, Tx } from "../db/client";
import { onPaymentApproved, onPaymentFailed, onRefundCompleted, onRefundFailed } from "../db/operations";
import { TX_OPTIONS } from "../db/reservations";
import type { RefundPolicy } from "../domain/refund-policy";

/** Inbox name: one per consuming service. */
export const CONSUMER = "reservation";

export interface ConsumerDeps {
  prisma: PrismaClient;
  policy: RefundPolicy;
  logger: Logger;
  now?: () => Date;
}

/**
 * One handler per consumed event. Each runs its effect and the inbox insert in one
 * transaction, so a redelivered or duplicated event changes nothing. A handler that throws is
 * retried by the consumer (back-off, then the DLQ).
 */
export function eventHandlers(deps: ConsumerDeps): EventHandlers {
  const now = deps.now ?? (() => new Date());
  const once = <T extends keyof EventHandlers>(event: EventEnvelope<T & string> | { id: string; type: string }, effect: (tx: Tx) => Promise<void>) =>
    handleOnce(deps.prisma, CONSUMER, event.id, effect, TX_OPTIONS).then((r) => {
      if (r.duplicate) deps.logger.debug({ eventId: event.id, type: event.type }, "duplicate event skipped");
    });
  const log = (event: { id: string; type: string }) => (msg: string, o: object = {}) => deps.logger.warn({ ...o, eventId: event.id, type: event.type }, msg);

  return {
    /** → CONFIRMED with a pickup code; after EXPIRED/CANCELLED re-take capacity or refund in full */
    "payment.approved": (e) => once(e, (tx) => onPaymentApproved(tx, e.data, deps.policy, now(), log(e))),
    /** the hold keeps running; the reason is kept for support */
    "payment.failed": (e) => once(e, (tx) => onPaymentFailed(tx, e.data)),
    /** a cancellation/compensation refund done → REFUNDED (capacity released); staff refunds add to refundedAmount */
    "refund.completed": (e) => once(e, (tx) => onRefundCompleted(tx, e.data, log(e))),
    /** flagged for staff; a cancellation goes back to the status it had */
    "refund.failed": (e) => once(e, (tx) => onRefundFailed(tx, e.data, log(e))),
  };
}
