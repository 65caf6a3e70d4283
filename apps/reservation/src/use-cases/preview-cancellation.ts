import type { PrismaClient, Tx } from "../db/client";
import { refundCommitted } from "../db/refunds";
import type { LoadedReservation } from "../db/reservations";
import { needsCommittedRefunds, previewCancellation as preview, type CancelPreview } from "../domain/cancellation";
import type { RefundPolicy } from "../domain/refund-policy";
import { getReservation } from "./get-reservation";

/** What cancelling `r` now would do, counting the refunds already requested or completed. */
export async function cancellationOf(db: PrismaClient | Tx, r: LoadedReservation, currentPolicy: RefundPolicy): Promise<CancelPreview> {
  const committed = needsCommittedRefunds(r.status) ? await refundCommitted(db, r) : 0;
  return preview(r, currentPolicy, committed);
}

/** The cancel preview the customer sees before confirming a cancellation. */
export async function previewCancellation(
  d: { prisma: PrismaClient; policy: RefundPolicy },
  id: string,
  customerId: string,
): Promise<CancelPreview> {
  const r = await getReservation(d.prisma, id, customerId);
  return cancellationOf(d.prisma, r, d.policy);
}
