import { createHmac } from "node:crypto";

/**
 * The pickup code is six digits: a plain hash of it is reversed by trying the million codes, so it
 * is kept as an HMAC under a server secret, bound to the store (the same code at two stores gives
 * two different hashes).
 */
export function pickupCodeHash(secret: string, storeId: string, code: string): string {
  return createHmac("sha256", secret).update(`${storeId}:${code}`, "utf8").digest("hex");
}

export const PICKUP_CODE_SHAPE = /^\d{6}$/;
