import type { PrismaClient } from "../db/client";
import { listStoreReservations, type ReservationWithRefunds } from "../db/reservations";
import { findStoreRow, slotRules } from "../db/stores";
import { addDays, zonedToUtc } from "../domain/time";
import { storeNotFound } from "./errors";

export interface QueueSlot {
  slot: { id: string; startsAt: Date; endsAt: Date };
  reservations: ReservationWithRefunds[];
}

/** Unpaid holds and expired ones are not work for the counter. */
const NOT_QUEUED = ["PENDING_PAYMENT", "EXPIRED"];

/** The store's day (its own time zone) as staff work it: reservations grouped by slot, in time order. */
export async function listStaffQueue(d: { prisma: PrismaClient }, input: { storeId: string; date: string }): Promise<QueueSlot[]> {
  const store = await findStoreRow(d.prisma, input.storeId);
  if (!store) throw storeNotFound();
  const { timeZone } = slotRules(store);
  const from = zonedToUtc(input.date, 0, timeZone);
  const to = zonedToUtc(addDays(input.date, 1), 0, timeZone);
  const rows = await listStoreReservations(d.prisma, input.storeId, from, to, NOT_QUEUED);
  const slots = new Map<string, QueueSlot>();
  for (const row of rows) {
    const entry = slots.get(row.slotId) ?? { slot: row.slot, reservations: [] };
    entry.reservations.push(row);
    slots.set(row.slotId, entry);
  }
  return [...slots.values()];
}
