import { AppError } from "@preprint/service-kit";
import { findPayment } from "../db/payments";
import { claimPortOneCall } from "../db/portone-call-gates";
import type { Payment } from "../generated/prisma/client";
import type { PaymentDeps } from "./deps";
import { settlePayment, type SettleOutcome } from "./settle-payment";

const inFlight = new Map<string, Promise<SettleOutcome>>();

/**
 * The browser's return from the payment window: settles through PortOne when the cooldown allows
 * (decision 0156), otherwise answers from our record (the webhook or reconciliation settles it;
 * the page polls). Completes for the same payment that arrive while this process is already
 * asking PortOne wait for that answer instead, so a double click gets the settled status rather
 * than a stale PENDING. PortOne unreachable: the payment as we hold it (PENDING).
 */
export async function completePayment(deps: PaymentDeps, customerId: string, paymentId: string): Promise<Payment> {
  const ours = await findPayment(deps.prisma, paymentId);
  if (!ours || ours.customerId !== customerId) throw paymentNotFound();
  const outcome = await settleOnce(deps, paymentId);
  return outcome.kind === "unknown" ? ours : outcome.payment;
}

function settleOnce(deps: PaymentDeps, paymentId: string): Promise<SettleOutcome> {
  const running = inFlight.get(paymentId);
  if (running) return running;
  const run = (async (): Promise<SettleOutcome> => {
    if (await claimPortOneCall(deps.prisma, paymentId, "get", deps.config.PORTONE_COOLDOWN_MS))
      return settlePayment(deps, paymentId, "complete");
    const ours = await findPayment(deps.prisma, paymentId);
    return ours ? { kind: "unavailable", payment: ours, reason: "PortOne was asked about this payment moments ago" } : { kind: "unknown" };
  })().finally(() => inFlight.delete(paymentId));
  inFlight.set(paymentId, run);
  return run;
}

export const paymentNotFound = () => new AppError(404, "PAYMENT_NOT_FOUND", "Payment was not found.");
