import type { Tx } from "./client";

export type PortOneCallPurpose = "get" | "pre-register";

/**
 * Claims the right to ask PortOne about `paymentId` for `purpose` now: true at most once per
 * `cooldownMs` per payment and purpose, across every replica (one conditional upsert on
 * `portone_call_gates`, timed by the database clock). `cooldownMs` 0 turns it off.
 */
export async function claimPortOneCall(db: Tx, paymentId: string, purpose: PortOneCallPurpose, cooldownMs: number): Promise<boolean> {
  if (cooldownMs <= 0) return true;
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `INSERT INTO portone_call_gates (payment_id, purpose, called_at) VALUES ($1, $2, now())
     ON CONFLICT (payment_id, purpose) DO UPDATE SET called_at = now()
     WHERE portone_call_gates.called_at <= now() - ($3::bigint * interval '1 millisecond')
     RETURNING 1`,
    paymentId,
    purpose,
    cooldownMs,
  );
  return rows.length === 1;
}
