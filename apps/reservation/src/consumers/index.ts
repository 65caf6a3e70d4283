import type { EventEnvelope } from "@preprint/contracts";
import type { EventHandlers } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import type { RefundPolicy } from "../domain/refund-policy";
import { confirmReservation } from "../use-cases/confirm-reservation";
import type { EventDeps } from "../use-cases/event-deps";
import { recordPaymentFailure } from "../use-cases/record-payment-failure";
import { recordRefund } from "../use-cases/record-refund";
import { recordRefundFailure } from "../use-cases/record-refund-failure";

export { CONSUMER } from "../db/inbox";

export interface ConsumerDeps {
  prisma: PrismaClient;
  policy: RefundPolicy;
  logger: Logger;
  now?: () => Date;
}

/**
 * One use case per consumed event. Each runs its effect and the inbox insert in one
 * transaction, so a redelivered or duplicated event changes nothing. A handler that throws is
 * retried by the consumer (back-off, then the DLQ).
 */
export function eventHandlers(deps: ConsumerDeps): EventHandlers {
  const now = deps.now ?? (() => new Date());
  const forEvent = (event: EventEnvelope): EventDeps => ({
    prisma: deps.prisma,
    now,
    warn: (msg, o = {}) => deps.logger.warn({ ...o, eventId: event.id, type: event.type }, msg),
  });
  const skipped = (event: EventEnvelope) => (r: { duplicate: boolean }) => {
    if (r.duplicate) deps.logger.debug({ eventId: event.id, type: event.type }, "duplicate event skipped");
  };

  return {
    /** → CONFIRMED with a pickup code; after EXPIRED/CANCELLED re-take capacity or refund in full */
    "payment.approved": (e) => confirmReservation({ ...forEvent(e), policy: deps.policy }, e).then(skipped(e)),
    /** the hold keeps running; the reason is kept for support */
    "payment.failed": (e) => recordPaymentFailure(forEvent(e), e).then(skipped(e)),
    /** a cancellation/compensation refund done → REFUNDED (capacity released); staff refunds add to refundedAmount */
    "refund.completed": (e) => recordRefund(forEvent(e), e).then(skipped(e)),
    /** flagged for staff; a cancellation goes back to the status it had */
    "refund.failed": (e) => recordRefundFailure(forEvent(e), e).then(skipped(e)),
  };
}
