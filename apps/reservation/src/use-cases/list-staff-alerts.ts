import { listOpenAlerts } from "../db/alerts";
import type { PrismaClient } from "../db/client";

/** The store's unresolved alerts (refund failures, refunds made outside the app), newest 100. */
export function listStaffAlerts(d: { prisma: PrismaClient }, storeId: string) {
  return listOpenAlerts(d.prisma, storeId, 100);
}
