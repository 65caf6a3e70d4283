import type { PrismaClient, Tx } from "../db/client";
import { findReservation, type LoadedReservation } from "../db/reservations";
import { reservationNotFound } from "./errors";

/** The customer's own reservation; anyone else's is 404 RESERVATION_NOT_FOUND. */
export async function getReservation(db: PrismaClient | Tx, id: string, customerId: string): Promise<LoadedReservation> {
  const r = await findReservation(db, id);
  if (!r || r.customerId !== customerId) throw reservationNotFound();
  return r;
}
