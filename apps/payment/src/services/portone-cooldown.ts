import type { PrismaClient } from "../db/prisma";
import type { SettleOutcome, Settlement } from "./settlement";

export type PortOneCallPurpose = "get" | "pre-register";

/**
 * Claims the right to ask PortOne about `paymentId` for `purpose` now: true at most once per
 * `cooldownMs` per payment and purpose, across every replica (one conditional upsert on
 * `portone_call_gates`, timed by the database clock). A customer who repeats /complete or /checkout
 * cannot spend the merchant's PortOne API quota faster than that. `cooldownMs` 0 turns it off.
 */
export async function claimPortOneCall(prisma: PrismaClient, paymentId: string, purpose: PortOneCallPurpose, cooldownMs: number): Promise<boolean> {
  if (cooldownMs <= 0) return true;
  const rows = await prisma.$queryRawUnsafe<unknown[]>(
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

const inFlight = new Map<string, Promise<SettleOutcome>>();

/**
 * The browser's /complete: settles through PortOne when the cooldown allows, otherwise answers
 * from our record (the webhook or reconciliation settles it; the page polls). Calls for the same
 * payment that arrive while this process is already asking PortOne wait for that answer instead,
 * so a double click gets the settled status rather than a stale PENDING.
 */
export function settleOnComplete(prisma: PrismaClient, settlement: Settlement, paymentId: string, cooldownMs: number): Promise<SettleOutcome> {
  const running = inFlight.get(paymentId);
  if (running) return running;
  const run = (async (): Promise<SettleOutcome> => {
    if (await claimPortOneCall(prisma, paymentId, "get", cooldownMs)) return settlement.settle(paymentId, "complete");
    const ours = await prisma.payment.findUnique({ where: { id: paymentId } });
    return ours ? { kind: "unavailable", payment: ours, reason: "PortOne was asked about this payment moments ago" } : { kind: "unknown" };
  })().finally(() => inFlight.delete(paymentId));
  inFlight.set(paymentId, run);
  return run;
}
