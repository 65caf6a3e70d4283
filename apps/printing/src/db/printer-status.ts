import type { Prisma, Tx } from "./client";

/** Keeps the newest report per (agent, printer): a late heartbeat never overwrites a newer one. */
export async function savePrinterStatus(tx: Tx, s: Prisma.PrinterStatusCreateInput): Promise<void> {
  const current = await tx.printerStatus.findUnique({ where: { deviceId_printerUri: { deviceId: s.deviceId, printerUri: s.printerUri } } });
  if (current && current.at >= new Date(s.at)) return;
  await tx.printerStatus.upsert({
    where: { deviceId_printerUri: { deviceId: s.deviceId, printerUri: s.printerUri } },
    create: s,
    update: { ...s, receivedAt: new Date() },
  });
}

export const printersOfStore = (tx: Tx, storeId: string) =>
  tx.printerStatus.findMany({ where: { storeId }, orderBy: { printerUri: "asc" } });
