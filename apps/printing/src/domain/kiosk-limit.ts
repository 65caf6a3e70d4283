/** Code tries a kiosk gets per window: six digits are a million codes, so five a minute makes guessing hopeless. */
export const KIOSK_TRIES_PER_WINDOW = 5;
export const KIOSK_WINDOW_MS = 60_000;

/**
 * Seconds until the device may try again, or 0 when it may now. `recent` are its tries inside the
 * window, oldest first.
 */
export function kioskRetryAfter(recent: Date[], now: Date, limit = KIOSK_TRIES_PER_WINDOW, windowMs = KIOSK_WINDOW_MS): number {
  if (recent.length < limit) return 0;
  const oldestCounted = recent[recent.length - limit]!;
  return Math.max(1, Math.ceil((oldestCounted.getTime() + windowMs - now.getTime()) / 1000));
}
