import { enqueue } from "../db/outbox";
import { purgeDue, setReservationStatus } from "../db/reservations";
import type { Deps } from "./deps";

/**
 * The retention job: a reservation whose store window past the slot has ended is purged — its
 * unfinished jobs stop being offered, the code stops working, the events and printer counters of
 * its jobs stay (pages printed beside pages paid are the store's record). Documents were never
 * copied here; the reservation service deletes its uploads under its own retention. One
 * print.purged per reservation says which jobs went and whether they were ever collected.
 */
export async function purgeExpired(deps: Deps, batch = 100): Promise<number> {
  const now = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    const due = await purgeDue(tx, now, batch);
    for (const r of due) {
      const unfinished = r.jobs.filter((j) => j.status !== "COMPLETED" && j.status !== "FAILED" && j.status !== "CANCELED");
      await tx.printJob.updateMany({ where: { id: { in: unfinished.map((j) => j.id) } }, data: { status: "PURGED", finishedAt: now } });
      await setReservationStatus(tx, r.id, "PURGED", now);
      await enqueue(
        tx,
        "print.purged",
        {
          reservationId: r.id,
          storeId: r.storeId,
          jobIds: r.jobs.map((j) => j.id),
          reason: unfinished.length > 0 ? "UNCLAIMED" : "FINISHED",
          purgedAt: now.toISOString(),
        },
        now,
      );
    }
    return due.length;
  });
}
