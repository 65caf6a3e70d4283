import type { PrismaClient } from "../db/client";
import { findReservation, type LoadedReservation } from "../db/reservations";
import { reservationNotFound } from "./errors";

/** The reservation as the payment service needs it to open a checkout (any owner: the caller checks). */
export async function lookUpReservationForPayment(d: { prisma: PrismaClient }, id: string): Promise<LoadedReservation> {
  const r = await findReservation(d.prisma, id);
  if (!r) throw reservationNotFound();
  return r;
}
