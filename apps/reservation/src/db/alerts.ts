import { newId } from "@preprint/contracts";
import type { PrismaClient, Tx } from "./client";

export type AlertKind = "REFUND_FAILED" | "EXTERNAL_REFUND";

export async function raiseStaffAlert(
  tx: Tx,
  a: { storeId: string; reservationId: string; kind: AlertKind; message: string },
): Promise<void> {
  await tx.staffAlert.create({ data: { id: newId("alr"), ...a } });
}

/** Resolves the reservation's open alerts of `kind`. */
export async function resolveReservationAlerts(tx: Tx, reservationId: string, kind: AlertKind, at: Date): Promise<void> {
  await tx.staffAlert.updateMany({ where: { reservationId, kind, resolvedAt: null }, data: { resolvedAt: at } });
}

/** The store's unresolved alerts, newest first, at most `take`. */
export function listOpenAlerts(db: PrismaClient, storeId: string, take: number) {
  return db.staffAlert.findMany({ where: { storeId, resolvedAt: null }, orderBy: { createdAt: "desc" }, take });
}

/** Resolves one open alert of the store; false when there is no such open alert. */
export async function resolveAlert(db: PrismaClient, id: string, storeId: string, at: Date): Promise<boolean> {
  const n = await db.staffAlert.updateMany({ where: { id, storeId, resolvedAt: null }, data: { resolvedAt: at } });
  return n.count > 0;
}
