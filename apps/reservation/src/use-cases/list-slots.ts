import type { PrismaClient } from "../db/client";
import { findSlots, materialiseSlots, slotRules } from "../db/stores";
import { bookableSlots } from "../domain/slots";
import { getStore } from "./get-store";

export interface SlotAvailability {
  id: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  remaining: number;
}

/**
 * The store's bookable slots of `date` (none past, closed or inside the lead time) with what is
 * left of each. Slot rows are made on first sight (ids are derived, so replicas agree).
 */
export async function listSlots(
  d: { prisma: PrismaClient },
  input: { storeId: string; date: string; now: Date },
): Promise<SlotAvailability[]> {
  const store = await getStore(d, input.storeId);
  const windows = bookableSlots(slotRules(store), input.date, input.now);
  await materialiseSlots(d.prisma, store.id, windows);
  const rows = await findSlots(
    d.prisma,
    windows.map((w) => w.id),
  );
  return rows.map((s) => ({
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    remaining: Math.max(0, s.capacity - s.reserved),
  }));
}
