import { bookableSlots, type OpeningHours, type SlotRules, type SlotWindow } from "../domain/slots";
import { tableInForce, type PriceTable } from "../domain/pricing";
import type { Prisma, PrismaClient, Tx } from "./client";

export const storeInclude = { priceTables: { include: { entries: true } } } as const;
export type LoadedStore = Prisma.StoreGetPayload<{ include: typeof storeInclude }>;

export function slotRules(store: LoadedStore | Prisma.StoreGetPayload<object>): SlotRules {
  return {
    id: store.id,
    timeZone: store.timeZone,
    openingHours: store.openingHours as OpeningHours,
    slotMinutes: store.slotMinutes,
    capacityPages: store.capacityPages,
    leadMinutes: store.leadMinutes,
    bookingDays: store.bookingDays,
  };
}

export function priceTableAt(store: LoadedStore, at: Date): PriceTable | undefined {
  const t = tableInForce(store.priceTables, at);
  if (!t) return undefined;
  return {
    id: t.id,
    effectiveFrom: t.effectiveFrom,
    duplexRule: "PER_SHEET",
    minimumCharge: t.minimumCharge,
    entries: t.entries.map((e) => ({
      colorMode: e.colorMode as "MONO" | "COLOR",
      paperSize: e.paperSize as "A4" | "A3",
      pricePerPage: e.pricePerPage,
      pricePerDuplexSheet: e.pricePerDuplexSheet,
    })),
  };
}

export function storeView(store: LoadedStore, now: Date) {
  const current = priceTableAt(store, now);
  const upcoming = store.priceTables
    .filter((t) => t.effectiveFrom.getTime() > now.getTime())
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0];
  const view = (t: PriceTable | undefined) =>
    t && {
      id: t.id,
      effectiveFrom: t.effectiveFrom.toISOString(),
      currency: "KRW",
      duplexRule: t.duplexRule,
      minimumCharge: t.minimumCharge,
      prices: t.entries,
    };
  return {
    id: store.id,
    name: store.name,
    address: store.address,
    phone: store.phone,
    timeZone: store.timeZone,
    openingHours: store.openingHours,
    slotMinutes: store.slotMinutes,
    capacityPagesPerSlot: store.capacityPages,
    leadMinutes: store.leadMinutes,
    bookingDays: store.bookingDays,
    priceTable: view(current) ?? null,
    upcomingPriceTable: upcoming ? view(priceTableAt({ ...store, priceTables: [upcoming] }, upcoming.effectiveFrom)) : null,
  };
}

/** Inserts slot rows that do not exist yet (ids are derived, so replicas agree). */
export async function materialiseSlots(db: Tx | PrismaClient, storeId: string, windows: SlotWindow[]): Promise<void> {
  if (windows.length === 0) return;
  const values: unknown[] = [];
  const rows = windows.map((w) => {
    const i = values.length;
    values.push(w.id, storeId, w.startsAt, w.endsAt, w.capacity);
    return `($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5})`;
  });
  await db.$executeRawUnsafe(
    `INSERT INTO slots (id, store_id, starts_at, ends_at, capacity) VALUES ${rows.join(", ")} ON CONFLICT (id) DO NOTHING`,
    ...values,
  );
}

export async function slotsForDate(prisma: PrismaClient, store: LoadedStore, date: string, now: Date) {
  const windows = bookableSlots(slotRules(store), date, now);
  await materialiseSlots(prisma, store.id, windows);
  const rows = await prisma.slot.findMany({ where: { id: { in: windows.map((w) => w.id) } }, orderBy: { startsAt: "asc" } });
  return rows.map((s) => ({
    id: s.id,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    remaining: Math.max(0, s.capacity - s.reserved),
  }));
}
