import type { PrismaClient } from "../db/client";
import { findReservationWithRefunds, type ReservationWithRefunds } from "../db/reservations";
import { reservationNotFound } from "./errors";

/** A reservation of the staff member's store, with its refunds; another store's is 404. */
export async function showStaffReservation(d: { prisma: PrismaClient }, id: string, storeId: string): Promise<ReservationWithRefunds> {
  const r = await findReservationWithRefunds(d.prisma, id);
  if (!r || r.storeId !== storeId) throw reservationNotFound();
  return r;
}
