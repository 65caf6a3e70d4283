import type { EventEnvelope } from "@preprint/contracts";
import { onceForEvent } from "../db/inbox";
import { noteUnpaidPaymentError } from "../db/reservations";
import type { EventDeps } from "./event-deps";

/** `payment.failed`: the hold keeps running (the customer may try again until expiresAt); the reason is kept for support. */
export function recordPaymentFailure(
  d: Pick<EventDeps, "prisma">,
  event: EventEnvelope<"payment.failed">,
): Promise<{ duplicate: boolean }> {
  const e = event.data;
  return onceForEvent(d.prisma, event.id, (tx) => noteUnpaidPaymentError(tx, e.reservationId, `${e.code}: ${e.reason}`.slice(0, 500)));
}
