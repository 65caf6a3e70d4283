/** immediate re-read-and-cancel rounds of one refund attempt when a concurrent refund changed the cancellable amount */
export const IMMEDIATE_ROUNDS = 4;

/** A refund attempt's worst case: every immediate round reads and cancels, each call up to the timeout, plus the jitter between rounds. */
export const refundAttemptWorstCaseMs = (portoneTimeoutMs: number) => IMMEDIATE_ROUNDS * (2 * portoneTimeoutMs + 100);

/** PortOne's advice for its API: a read timeout of at least a minute (PG latency). */
export const PORTONE_MIN_TIMEOUT_MS = 60_000;

/**
 * One claimed item's worst case: a refund attempt's immediate rounds (a read and a cancel each),
 * which also covers a settlement (a read, then a cancel) and a refund-state check (a read).
 */
export const claimWorstCaseMs = (portoneTimeoutMs: number) => refundAttemptWorstCaseMs(portoneTimeoutMs);

/**
 * A lease shorter than the work it guards lets a second replica take the item while the first
 * is still waiting on PortOne; each line names the variable.
 */
export function leaseProblems(c: { PORTONE_MODE: string; PORTONE_TIMEOUT_MS: number; RECONCILE_LEASE_MS: number }): string[] {
  const p: string[] = [];
  if (c.PORTONE_MODE !== "sandbox" && c.PORTONE_TIMEOUT_MS < PORTONE_MIN_TIMEOUT_MS) {
    p.push(`PORTONE_TIMEOUT_MS: at least ${PORTONE_MIN_TIMEOUT_MS} against PortOne (got ${c.PORTONE_TIMEOUT_MS})`);
  }
  const worst = claimWorstCaseMs(c.PORTONE_TIMEOUT_MS);
  if (c.RECONCILE_LEASE_MS <= worst) {
    p.push(
      `RECONCILE_LEASE_MS: must exceed one attempt's worst case, ${worst} ms with PORTONE_TIMEOUT_MS=${c.PORTONE_TIMEOUT_MS} (got ${c.RECONCILE_LEASE_MS})`,
    );
  }
  return p;
}
