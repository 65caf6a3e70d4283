// Display formatting for Korean messages. Pure functions; the store's time zone comes with the event.

const wonFormat = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });

/** 12000 → "₩12,000". Money is an integer number of won. */
export function formatWon(amount: number): string {
  if (!Number.isInteger(amount)) throw new Error(`amount must be an integer number of won, got ${amount}`);
  return wonFormat.format(amount);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** every store is in Korea: a time zone name Intl does not know is shown in Seoul time, not an error that fails the event */
const FALLBACK_TIME_ZONE = "Asia/Seoul";

function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

function dateTimeFormat(requested: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(requested);
  if (!f) {
    if (dateTimeFormats.size > 100) dateTimeFormats.clear();
    // 24-hour clock: ICU 78's ko-KR 12-hour pattern prints "AM"/"PM" instead of 오전/오후
    f = new Intl.DateTimeFormat("ko-KR", {
      timeZone: knownTimeZone(requested),
      year: "numeric",
      month: "long",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    dateTimeFormats.set(requested, f);
  }
  return f;
}

/** "2026년 12월 1일 화 14:00" in the store's time zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  return dateTimeFormat(timeZone).format(new Date(iso));
}

/** "2026년 12월 1일 화 14:00 ~ 14:30" in the store's time zone. */
export function formatSlot(slot: { startsAt: string; endsAt: string }, timeZone: string): string {
  return dateTimeFormat(timeZone).formatRange(new Date(slot.startsAt), new Date(slot.endsAt));
}
