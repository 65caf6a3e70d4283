import type { Prisma, Tx } from "./client";

export type NewJob = Prisma.PrintJobCreateManyInput;

export async function insertJobs(tx: Tx, jobs: NewJob[]): Promise<void> {
  await tx.printJob.createMany({ data: jobs });
}

export const jobById = (tx: Tx, id: string) => tx.printJob.findUnique({ where: { id }, include: { reservation: true } });

export const jobsOfReservation = (tx: Tx, reservationId: string) =>
  tx.printJob.findMany({ where: { reservationId }, orderBy: { createdAt: "asc" } });

/** HELD → READY for the given jobs; returns the ids that moved. */
export async function makeReady(tx: Tx, jobIds: string[], at: Date): Promise<string[]> {
  if (jobIds.length === 0) return [];
  const held = await tx.printJob.findMany({ where: { id: { in: jobIds }, status: "HELD" }, select: { id: true } });
  const ids = held.map((j) => j.id);
  await tx.printJob.updateMany({ where: { id: { in: ids }, status: "HELD" }, data: { status: "READY", dispatchedAt: at } });
  return ids;
}

/** Print-ahead jobs whose time has come, locked so replicas split them. */
export async function dueHeldJobIds(tx: Tx, now: Date, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM print_jobs WHERE status = 'HELD' AND dispatch_at <= ${now}
    ORDER BY dispatch_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => r.id);
}

/**
 * Gives the store's READY jobs to this agent (READY → SENT). The status condition makes a job go
 * to one agent only when two poll at once: the second update waits for the first and then no
 * longer matches.
 */
export async function claimReadyJobs(tx: Tx, storeId: string, deviceId: string, at: Date, limit = 20): Promise<void> {
  const ready = await tx.printJob.findMany({
    where: { storeId, status: "READY" },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  if (ready.length === 0) return;
  await tx.printJob.updateMany({
    where: { id: { in: ready.map((j) => j.id) }, status: "READY" },
    data: { status: "SENT", deviceId, attemptAcknowledged: false, dispatchedAt: at },
  });
}

/** Jobs this agent holds and has not acknowledged (no event yet for the current attempt). */
export const offeredTo = (tx: Tx, deviceId: string) =>
  tx.printJob.findMany({
    where: { deviceId, status: "SENT", attemptAcknowledged: false, cancelRequested: false },
    orderBy: { createdAt: "asc" },
  });

/** Jobs this agent holds that the cloud wants stopped, until their final event. */
export const cancelsFor = (tx: Tx, deviceId: string) =>
  tx.printJob.findMany({
    where: { deviceId, cancelRequested: true, status: { in: ["SENT", "PRINTING"] } },
    select: { id: true, attempt: true },
  });

export async function updateJob(tx: Tx, id: string, data: Prisma.PrintJobUpdateInput): Promise<void> {
  await tx.printJob.update({ where: { id }, data });
}

/** Locks the job row for the rest of the transaction: one job's events apply one at a time. */
export async function lockJob(tx: Tx, id: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM print_jobs WHERE id = ${id} FOR UPDATE`;
}
