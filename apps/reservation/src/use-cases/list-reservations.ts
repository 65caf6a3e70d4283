import type { PrismaClient } from "../db/client";
import { listCustomerReservations, type LoadedReservation } from "../db/reservations";

/** The customer's reservations, newest first; `nextBefore` continues the list when the page was full. */
export async function listReservations(
  d: { prisma: PrismaClient },
  customerId: string,
  page: { limit: number; before?: string },
): Promise<{ items: LoadedReservation[]; nextBefore: string | null }> {
  const rows = await listCustomerReservations(d.prisma, customerId, page);
  return { items: rows, nextBefore: rows.length === page.limit ? rows[rows.length - 1]!.id : null };
}
