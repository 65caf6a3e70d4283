import { localDate } from "./calendar";

export const PRINT_MODES = ["RELEASE_AT_KIOSK", "PRINT_AHEAD"] as const;
export type PrintMode = (typeof PRINT_MODES)[number];

export interface StorePrintRules {
  printMode: PrintMode;
  printAheadMinutes: number;
  retryLimit: number;
  retentionHours: number;
}

/** A store that never set anything: held until the code is entered, two retries, a day's window. */
export const DEFAULT_RULES: StorePrintRules = {
  printMode: "RELEASE_AT_KIOSK",
  printAheadMinutes: 15,
  retryLimit: 2,
  retentionHours: 24,
};

/** When a new job goes to the printer by itself: never (the kiosk releases it), or N minutes before the slot. */
export function dispatchAtFor(rules: StorePrintRules, slotStartsAt: Date): Date | null {
  if (rules.printMode !== "PRINT_AHEAD") return null;
  return new Date(slotStartsAt.getTime() - rules.printAheadMinutes * 60_000);
}

/** End of the window in which the code works and documents are kept. */
export function retentionEnd(rules: StorePrintRules, slotEndsAt: Date): Date {
  return new Date(slotEndsAt.getTime() + rules.retentionHours * 3_600_000);
}

export interface CodeCheck {
  status: string;
  slotStartsAt: Date;
  slotEndsAt: Date;
  storeTimeZone: string;
  /** end of the store's retention window past the slot */
  purgeAfter: Date;
}

/**
 * A code opens its reservation at the kiosk when the slot is today (the store's calendar) or has
 * ended, the reservation was not refunded or purged, and the retention window past the slot has
 * not ended (a late-evening slot stays collectable after midnight within the window).
 */
export function codeIsUsable(r: CodeCheck, now: Date): boolean {
  if (r.status === "REFUNDED" || r.status === "PURGED") return false;
  if (now >= r.purgeAfter) return false;
  return localDate(r.slotStartsAt, r.storeTimeZone) === localDate(now, r.storeTimeZone) || now >= r.slotEndsAt;
}
