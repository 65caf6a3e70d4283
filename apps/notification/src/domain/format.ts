// Display formatting for Korean messages. Pure functions; the store's time zone comes with the event.

const wonFormat = new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW" });

/** 12000 → "₩12,000". Money is an integer number of won. */
export function formatWon(amount: number): string {
  if (!Number.isInteger(amount)) throw new Error(`amount must be an integer number of won, got ${amount}`);
  return wonFormat.format(amount);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(timeZone);
  if (!f) {
    // 24-hour clock: ICU 78's ko-KR 12-hour pattern prints "AM"/"PM" instead of 오전/오후
    f = new Intl.DateTimeFormat("ko-KR", {
      timeZone,
      year: "numeric",
      month: "long",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    dateTimeFormats.set(timeZone, f);
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
