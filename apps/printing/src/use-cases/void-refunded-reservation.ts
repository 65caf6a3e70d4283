import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import type { Tx } from "../db/client";
import { lockReservation, reservationWithJobs, setReservationStatus } from "../db/reservations";
import { isFinal } from "../domain/job-state";
import { CONSUMER } from "./create-print-jobs";
import type { Deps } from "./deps";

/**
 * refund.completed with nothing left on the payment → the pickup code stops working and the jobs
 * stop: those not yet with an agent are canceled, those an agent has are listed in its `cancel`
 * until it reports their end. A partial refund (staff compensating a smudged page) changes nothing.
 */
export async function voidRefundedReservation(deps: Deps, event: EventEnvelope<"refund.completed">): Promise<void> {
  if (event.data.remainingAmount > 0) return;
  const now = deps.now();
  const result = await handleOnce(deps.prisma, CONSUMER, event.id, async (tx: Tx) => {
    await lockReservation(tx, event.data.reservationId);
    const r = await reservationWithJobs(tx, event.data.reservationId);
    if (!r || r.status === "REFUNDED" || r.status === "PURGED") return undefined;
    await setReservationStatus(tx, r.id, "REFUNDED", now);
    const open = r.jobs.filter((j) => !isFinal(j.status));
    const notTaken = open.filter((j) => j.status === "HELD" || j.status === "READY").map((j) => j.id);
    const taken = open.filter((j) => j.status === "SENT" || j.status === "PRINTING").map((j) => j.id);
    await tx.printJob.updateMany({
      where: { id: { in: notTaken } },
      data: { status: "CANCELED", failureReason: "REFUNDED", finishedAt: now },
    });
    await tx.printJob.updateMany({ where: { id: { in: taken } }, data: { cancelRequested: true } });
    return taken.length > 0 ? r.storeId : undefined;
  });
  if (!result.duplicate && result.result) deps.signal.notify(result.result);
}
