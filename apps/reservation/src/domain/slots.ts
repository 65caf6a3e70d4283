import { addDays, localDate, weekdayOf, zonedToUtc } from "./time";

/** local "HH:mm"–"HH:mm" windows per weekday ("0" = Sunday); a missing or empty day is closed */
export type OpeningHours = Partial<Record<"0" | "1" | "2" | "3" | "4" | "5" | "6", { open: string; close: string }[]>>;

export interface SlotRules {
  id: string;
  timeZone: string;
  openingHours: OpeningHours;
  slotMinutes: number;
  capacityPages: number;
  leadMinutes: number;
  bookingDays: number;
}

export interface SlotWindow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

export function parseHhmm(value: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) throw new Error(`invalid time "${value}", expected HH:mm`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new Error(`invalid time "${value}"`);
  return minutes;
}

/**
 * Stable slot id derived from the store and the UTC start, so lazily materialised rows and ids
 * handed out earlier always agree (`slt_<storeId>_<YYYYMMDDTHHmm>Z`).
 */
export function slotId(storeId: string, startsAt: Date): string {
  const iso = startsAt.toISOString(); // 2026-11-27T01:00:00.000Z
  return `slt_${storeId}_${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** The slot windows of a local calendar day, whether or not they are still bookable. */
export function slotsOfDay(store: SlotRules, date: string): SlotWindow[] {
  const windows = store.openingHours[String(weekdayOf(date)) as keyof OpeningHours] ?? [];
  const out: SlotWindow[] = [];
  for (const w of windows) {
    const open = parseHhmm(w.open);
    const close = parseHhmm(w.close);
    for (let start = open; start + store.slotMinutes <= close; start += store.slotMinutes) {
      const startsAt = zonedToUtc(date, start, store.timeZone);
      const endsAt = new Date(startsAt.getTime() + store.slotMinutes * 60000);
      out.push({ id: slotId(store.id, startsAt), startsAt, endsAt, capacity: store.capacityPages });
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Earliest start a customer may book now: now + lead time. */
export function earliestBookableStart(store: SlotRules, now: Date): Date {
  return new Date(now.getTime() + store.leadMinutes * 60000);
}

/** Last local date slots are offered for. */
export function lastBookableDate(store: SlotRules, now: Date): string {
  return addDays(localDate(now, store.timeZone), store.bookingDays);
}

/**
 * The bookable slots of a local day: none on closed days, none in the past or inside the lead
 * time, none beyond the booking horizon.
 */
export function bookableSlots(store: SlotRules, date: string, now: Date): SlotWindow[] {
  if (date > lastBookableDate(store, now)) return [];
  const earliest = earliestBookableStart(store, now).getTime();
  return slotsOfDay(store, date).filter((s) => s.startsAt.getTime() >= earliest);
}

/** Finds a slot by id among the bookable slots (the id encodes its start). */
export function findBookableSlot(store: SlotRules, id: string, now: Date): SlotWindow | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(id);
  if (!m || !id.startsWith(`slt_${store.id}_`)) return undefined;
  const startsAt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
  if (Number.isNaN(startsAt.getTime())) return undefined;
  return bookableSlots(store, localDate(startsAt, store.timeZone), now).find((s) => s.id === id);
}
