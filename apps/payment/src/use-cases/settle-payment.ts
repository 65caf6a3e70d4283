import { annotateSpan } from "@preprint/telemetry";
import type { Prisma } from "../db/client";
import { emit } from "../db/outbox";
import { casStatus, findPayment, getPayment, noteLastError, savePortOneSnapshot, snapshotsOf } from "../db/payments";
import { decide, type Decision, type FailureCode } from "../domain/settlement";
import type { Payment } from "../generated/prisma/client";
import { cancelKey } from "../portone/cancel-keys";
import type { PortOnePayment } from "../portone/client";
import { paymentMetrics } from "../telemetry/metrics";
import type { PaymentDeps } from "./deps";

export type SettleSource = "complete" | "webhook" | "reconcile" | "checkout" | "cancel";

export type SettleOutcome =
  | { kind: "unknown" }
  /** PortOne could not be asked; the payment is as it was and will be settled later */
  | { kind: "unavailable"; payment: Payment; reason: string }
  | { kind: "settled"; payment: Payment; decision?: Decision["action"] };

type SettleDeps = Pick<PaymentDeps, "prisma" | "portone" | "config" | "logger">;

const SETTLEABLE = ["PENDING", "EXPIRED"];

const jsonOf = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/**
 * The one idempotent settlement, run by the browser's complete call, the webhook and the
 * reconciliation job alike: fetch the payment from PortOne, decide (pure, src/domain/settlement),
 * then apply with compare-and-swap updates so that however many run at once, one approval and
 * one event come out.
 */
export async function settlePayment(deps: SettleDeps, paymentId: string, source: SettleSource): Promise<SettleOutcome> {
  const { prisma, logger } = deps;
  const ours = await findPayment(prisma, paymentId);
  if (!ours) return { kind: "unknown" };
  annotateSpan({ paymentId, reservationId: ours.reservationId, storeId: ours.storeId });
  if (ours.status === "APPROVED") return { kind: "settled", payment: ours };

  const fetched = await deps.portone.getPayment(paymentId);
  let theirs: PortOnePayment | undefined;
  if (fetched.ok) theirs = fetched.value;
  else if (!(fetched.kind === "rejected" && fetched.type === "PAYMENT_NOT_FOUND")) {
    const reason = fetched.kind === "rejected" ? `PortOne ${fetched.type}` : fetched.reason;
    logger.warn({ paymentId, source, reason }, "could not fetch payment from PortOne; left for reconciliation");
    await noteLastError(prisma, paymentId, `getPayment: ${reason}`);
    return { kind: "unavailable", payment: ours, reason };
  }

  const decision = decide(ours, theirs, { mode: deps.config.PORTONE_MODE });
  logger.info({ paymentId, source, ours: ours.status, theirs: theirs?.status, action: decision.action }, "settlement decision");
  const snapshot = theirs ? { portonePayment: jsonOf(theirs) } : {};

  switch (decision.action) {
    case "none":
      if (theirs) await savePortOneSnapshot(prisma, paymentId, theirs);
      break;
    case "approve":
      await approve(deps, ours, decision, snapshot);
      break;
    case "fail":
      await fail(deps, ours, decision.code, decision.reason, SETTLEABLE, snapshot);
      break;
    case "finishCancel":
      await fail(
        deps,
        ours,
        ours.status === "CANCELLING" ? (recordedCode(ours) ?? decision.code) : decision.code,
        ours.failureReason ?? decision.reason,
        [...SETTLEABLE, "CANCELLING"],
        snapshot,
      );
      break;
    case "cancel": {
      const r = await cancelAtPortOne(deps, ours, decision, theirs!, snapshot);
      if (r === "unavailable") return { kind: "settled", payment: await getPayment(prisma, paymentId), decision: "cancel" };
      break;
    }
  }
  return { kind: "settled", payment: await getPayment(prisma, paymentId), decision: decision.action };
}

/** The failure code a CANCELLING payment recorded: its cancel decision's (the column is plain text). */
const recordedCode = (p: Payment) => (p.failureCode ?? undefined) as FailureCode | undefined;

/** → APPROVED and payment.approved, in one transaction, for the one caller that wins. */
async function approve(deps: SettleDeps, ours: Payment, d: Extract<Decision, { action: "approve" }>, snapshot: object): Promise<void> {
  const approvedAt = new Date();
  const method =
    d.method === "PaymentMethodEasyPay" ? "EASY_PAY" : d.method === "PaymentMethodCard" ? "CARD" : (ours.payMethod as "CARD" | "EASY_PAY");
  const committed = await deps.prisma.$transaction(async (tx) => {
    const won = await casStatus(tx, ours.id, SETTLEABLE, {
      status: "APPROVED",
      openReservationId: null,
      method: d.method ?? null,
      portoneTransactionId: d.transactionId,
      channelType: d.channelType ?? null,
      approvedAt,
      lastError: null,
      // the first look for cancellations made outside the app comes one re-check period later
      nextCheckAt: new Date(approvedAt.getTime() + deps.config.RECONCILE_APPROVED_EVERY_MS),
      ...snapshot,
    });
    if (!won) return false;
    await emit(tx, "payment.approved", {
      paymentId: ours.id,
      reservationId: ours.reservationId,
      customerId: ours.customerId,
      amount: ours.amount,
      currency: "KRW",
      // what PortOne says was used; the method asked for at checkout otherwise
      method,
      approvedAt: approvedAt.toISOString(),
    });
    return true;
  });
  if (committed) paymentMetrics.approved(method);
}

/** → FAILED and payment.failed (unless one was already sent for this payment). */
async function fail(deps: SettleDeps, ours: Payment, code: FailureCode, reason: string, from: string[], snapshot: object): Promise<void> {
  const failed = await deps.prisma.$transaction(async (tx) => {
    const current = await getPayment(tx, ours.id);
    const emitFailure = current.status === "CANCELLING" ? current.emitFailure : current.status !== "FAILED";
    const won = await casStatus(tx, ours.id, from, {
      status: "FAILED",
      openReservationId: null,
      failureCode: code,
      failureReason: reason,
      failedAt: new Date(),
      lastError: null,
      ...snapshot,
    });
    if (!won || !emitFailure) return false;
    await emit(tx, "payment.failed", {
      paymentId: ours.id,
      reservationId: ours.reservationId,
      ...snapshotsOf(ours),
      amount: ours.amount,
      currency: "KRW",
      code,
      reason,
    });
    return true;
  });
  if (failed) paymentMetrics.failed(code);
}

/**
 * A PAID payment we must not keep. CANCELLING is recorded first (with the reason) so that if we
 * crash or PortOne is down after this point, reconciliation finishes the cancel; only then is
 * the cancel sent, and FAILED + payment.failed written once PortOne confirms it.
 */
async function cancelAtPortOne(
  deps: SettleDeps,
  ours: Payment,
  d: Extract<Decision, { action: "cancel" }>,
  theirs: PortOnePayment,
  snapshot: object,
): Promise<"done" | "unavailable"> {
  if (ours.status !== "CANCELLING") {
    const won = await casStatus(deps.prisma, ours.id, [...SETTLEABLE, "FAILED"], {
      status: "CANCELLING",
      openReservationId: null,
      failureCode: d.code,
      failureReason: d.reason,
      emitFailure: d.emitFailure,
      ...snapshot,
    });
    if (!won) return "done"; // someone else is on it
  }
  const current = await getPayment(deps.prisma, ours.id);
  const amount = "amount" in theirs ? theirs.amount : undefined;
  const cancellable = amount ? amount.total - amount.cancelled : undefined;
  const r = await deps.portone.cancel(
    ours.id,
    {
      reason: `${current.failureCode}: ${current.failureReason ?? ""}`.slice(0, 200),
      currentCancellableAmount: cancellable,
      requester: "ADMIN",
    },
    cancelKey("void", ours.id, cancellable),
  );
  if (r.ok || (r.kind === "rejected" && r.type === "PAYMENT_ALREADY_CANCELLED")) {
    deps.logger.warn({ paymentId: ours.id, code: current.failureCode }, "payment cancelled at PortOne");
    await fail(deps, current, recordedCode(current) ?? d.code, current.failureReason ?? d.reason, ["CANCELLING"], {});
    return "done";
  }
  const reason = r.kind === "rejected" ? `${r.type}: ${r.message ?? ""}` : r.reason;
  deps.logger.error({ paymentId: ours.id, reason }, "cancel at PortOne failed; reconciliation will retry");
  await noteLastError(deps.prisma, ours.id, `cancel: ${reason}`);
  return "unavailable";
}
