import { createHash } from "node:crypto";

/**
 * The Idempotency-Key of a cancel that is not one of our refunds (a void of a payment we must not
 * keep, a payment we never issued). PortOne takes 16–256 characters, so the payment id (any length
 * the browser chose) is hashed to a fixed 64; and PortOne replays a key's stored answer — a 409
 * included — and refuses the key on a different body for three hours, so the key also names the
 * cancellable amount: a lost answer is replayed safely, a retry after the balance moved (a partial
 * cancel in the console meanwhile) is a new request.
 */
export function cancelKey(purpose: "void" | "unknown", paymentId: string, cancellable: number | undefined): string {
  const digest = createHash("sha256")
    .update(`${paymentId}\n${cancellable ?? "all"}`)
    .digest("hex");
  return `${purpose}-${digest}`;
}
