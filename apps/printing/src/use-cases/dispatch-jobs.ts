import type { Tx } from "../db/client";
import { dueHeldJobIds, makeReady } from "../db/jobs";
import { enqueue } from "../db/outbox";
import type { Deps } from "./deps";

/** print.requested for jobs that were just made READY (first attempt or a retry). */
export async function publishRequested(tx: Tx, jobIds: string[], at: Date): Promise<void> {
  if (jobIds.length === 0) return;
  const jobs = await tx.printJob.findMany({ where: { id: { in: jobIds } }, include: { reservation: true } });
  for (const j of jobs) {
    await enqueue(
      tx,
      "print.requested",
      {
        jobId: j.id,
        reservationId: j.reservationId,
        store: { id: j.storeId, name: j.reservation.storeName, timeZone: j.reservation.storeTimeZone },
        attempt: j.attempt,
        fileName: j.fileName,
        impressionsPaid: j.impressionsPaid,
        requestedAt: at.toISOString(),
      },
      at,
    );
  }
}

/** The print-ahead job: held jobs whose time has come go to the store's agents. Returns how many. */
export async function dispatchDueJobs(deps: Deps, batch = 200): Promise<number> {
  const now = deps.now();
  const stores = await deps.prisma.$transaction(async (tx) => {
    const ids = await dueHeldJobIds(tx, now, batch);
    const ready = await makeReady(tx, ids, now);
    await publishRequested(tx, ready, now);
    const rows = await tx.printJob.findMany({ where: { id: { in: ready } }, select: { storeId: true } });
    return [...new Set(rows.map((r) => r.storeId))];
  });
  for (const s of stores) deps.signal.notify(s);
  return stores.length;
}
