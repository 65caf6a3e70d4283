import { randomBytes } from "node:crypto";

// Crockford base32: letters and digits only, so ids are safe for Smartro's paymentId rule.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID: 48-bit millisecond time + 80 random bits, 26 characters, sortable by creation time. */
export function ulid(now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

/**
 * Opaque public id with a readable prefix (`rsv_01J…`). Payment ids use `withSeparator: false`
 * because PortOne's Smartro channel accepts only letters and digits (≤ 40 characters).
 */
export function newId(prefix: string, withSeparator = true): string {
  return `${prefix}${withSeparator ? "_" : ""}${ulid()}`;
}

/** UUID v7 (RFC 9562): time-ordered, used for event ids. */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
