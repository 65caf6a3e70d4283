import { tableInForce, type PriceTable } from "../domain/pricing";
import type { OpeningHours, SlotRules, SlotWindow } from "../domain/slots";
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

type Db = PrismaClient | Tx;

export function listStores(db: Db): Promise<LoadedStore[]> {
  return db.store.findMany({ include: storeInclude, orderBy: { name: "asc" } });
}

/** The store with its price tables. */
export function findStore(db: Db, id: string): Promise<LoadedStore | null> {
  return db.store.findUnique({ where: { id }, include: storeInclude });
}

/** The store's own row, without its price tables. */
export function findStoreRow(db: Db, id: string) {
  return db.store.findUnique({ where: { id } });
}

export function findSlots(db: Db, ids: string[]) {
  return db.slot.findMany({ where: { id: { in: ids } }, orderBy: { startsAt: "asc" } });
}
