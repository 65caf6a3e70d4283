import type { Tx } from "./client";

/** The device's tries since `since`, oldest first. */
export async function triesSince(tx: Tx, deviceId: string, since: Date): Promise<Date[]> {
  const rows = await tx.kioskAttempt.findMany({ where: { deviceId, at: { gte: since } }, orderBy: { at: "asc" }, select: { at: true } });
  return rows.map((r) => r.at);
}

export async function recordTry(tx: Tx, deviceId: string, at: Date): Promise<void> {
  await tx.kioskAttempt.create({ data: { deviceId, at } });
}

export async function pruneTries(tx: Tx, before: Date): Promise<number> {
  const { count } = await tx.kioskAttempt.deleteMany({ where: { at: { lt: before } } });
  return count;
}
