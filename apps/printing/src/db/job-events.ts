import type { Prisma, Tx } from "./client";

/** Stores the event unless (jobId, seq) is already there; true when it was new. */
export async function insertJobEvent(tx: Tx, e: Prisma.PrintJobEventCreateManyInput): Promise<boolean> {
  const { count } = await tx.printJobEvent.createMany({ data: [e], skipDuplicates: true });
  return count === 1;
}

export const jobEvent = (tx: Tx, jobId: string, seq: number) => tx.printJobEvent.findUnique({ where: { jobId_seq: { jobId, seq } } });
