import type { JobSpec } from "@preprint/service-kit";
import type { PaymentDeps } from "../use-cases/deps";
import { reconcilePayments } from "../use-cases/reconcile-payments";

/**
 * The reconciliation (src/use-cases/reconcile-payments.ts) every RECONCILE_INTERVAL_MS, first one
 * interval after start. Safe with N replicas: every item is claimed with SKIP LOCKED and a lease.
 */
export function reconciliationJob(deps: PaymentDeps): JobSpec {
  const intervalMs = deps.config.RECONCILE_INTERVAL_MS;
  return { name: "reconciliation", intervalMs, initialDelayMs: intervalMs, run: () => reconcilePayments(deps) };
}
