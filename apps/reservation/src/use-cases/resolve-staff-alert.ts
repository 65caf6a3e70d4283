import { notFound } from "@preprint/service-kit";
import { resolveAlert } from "../db/alerts";
import type { PrismaClient } from "../db/client";

/** Staff mark one of their store's open alerts handled; any other id is 404 ALERT_NOT_FOUND. */
export async function resolveStaffAlert(
  d: { prisma: PrismaClient },
  input: { alertId: string; storeId: string; now: Date },
): Promise<void> {
  if (!(await resolveAlert(d.prisma, input.alertId, input.storeId, input.now))) throw notFound("Alert", "ALERT_NOT_FOUND");
}
