import { randomBytes } from "node:crypto";
import { createEvent } from "@preprint/contracts";
import { createLogger } from "@preprint/service-kit";
import { startPaymentService, type PaymentService } from "../src/service";
import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { approvedPayment, portonePayment, publishEvent, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(90_000);

let rig: Rig;
let replica: PaymentService;
beforeAll(async () => {
  rig = await startRig();
  // a second replica on the same database and queue: what a scaled-out deployment runs
  replica = await startPaymentService(
    { ...rig.config, PORT: 0 },
    { logger: createLogger("payment", process.env.TEST_LOG_LEVEL ?? "silent"), retryDelaysMs: [200, 500], host: "127.0.0.1" },
  );
  await replica.messaging.connection.waitUntilReady(10_000);
});
afterAll(async () => {
  await replica?.stop("test done");
  await rig?.stop();
});

const LONG_REASON = "고객 요청: ".padEnd(230, "가");

/** A refund of `amount` whose first cancel is applied at PortOne but whose answer never arrives. */
async function refundWithLostAnswer(p: { paymentId: string; reservationId: string }, amount: number) {
  await rig.sandbox.hook("/__sandbox/faults", { rest: [{ kind: "lose-response", path: `^/payments/${p.paymentId}/cancel$`, times: 1 }] });
  const ev = createEvent(
    "refund.requested",
    {
      refundId: `rfd_${randomBytes(6).toString("hex")}`,
      reservationId: p.reservationId,
      paymentId: p.paymentId,
      amount,
      reason: LONG_REASON,
      requestedBy: { type: "STAFF", id: "stf_1" },
    },
    { source: "reservation" },
  );
  await publishEvent(rig.exchange, ev);
  const pending = await waitFor(async () => {
    const r = await rig.svc.prisma.refund.findUnique({ where: { id: ev.data.refundId } });
    return r?.lastError ? r : undefined;
  });
  expect(pending.status).toBe("REQUESTED");
  // the cancel went through at PortOne even though we never heard back
  expect((await portonePayment(rig, p.paymentId)).amount.cancelled).toBe(amount);
  await rig.svc.prisma.refund.update({ where: { id: ev.data.refundId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
  return ev.data.refundId;
}

test("when a refund with a 230-character reason loses its first cancel answer, then the retry adopts that cancellation: one cancellation at PortOne", async () => {
  const p = await approvedPayment(rig, 4200);
  const refundId = await refundWithLostAnswer(p, 1000);
  expect((await reconcilePayments(rig.svc.deps)).refunds).toBe(1);

  const theirs = await portonePayment(rig, p.paymentId);
  expect(theirs.cancellations).toHaveLength(1);
  expect(theirs.amount.cancelled).toBe(1000);
  expect(theirs.cancellations[0].reason.startsWith(`[ref:${refundId}]`)).toBe(true);
  expect(theirs.cancellations[0].reason.length).toBeLessThanOrEqual(250);
  const row = await rig.svc.prisma.refund.findUniqueOrThrow({ where: { id: refundId } });
  expect(row).toMatchObject({ status: "SUCCEEDED", portoneCancellationId: theirs.cancellations[0].id, reason: LONG_REASON });
  const done = await waitFor(() => rig.tap.ofType("refund.completed").find((e) => e.data.refundId === refundId));
  expect(done.data).toMatchObject({ amount: 1000, remainingAmount: 3200 });
});

test("when two payment replicas race to retry a refund whose first answer was lost, then PortOne still cancels once", async () => {
  const p = await approvedPayment(rig, 4200);
  const refundId = await refundWithLostAnswer(p, 1500);
  const [a, b] = await Promise.all([reconcilePayments(rig.svc.deps), reconcilePayments(replica.deps)]);
  expect(a.refunds + b.refunds).toBeGreaterThanOrEqual(1);
  // whichever replica lost the claim finds nothing left to do
  await Promise.all([reconcilePayments(rig.svc.deps), reconcilePayments(replica.deps)]);

  const theirs = await portonePayment(rig, p.paymentId);
  expect(theirs.cancellations).toHaveLength(1);
  expect(theirs.amount.cancelled).toBe(1500);
  expect((await rig.svc.prisma.refund.findUniqueOrThrow({ where: { id: refundId } })).status).toBe("SUCCEEDED");
  expect((await rig.svc.prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).refundedAmount).toBe(1500);
  await waitFor(() => rig.tap.ofType("refund.completed").find((e) => e.data.refundId === refundId));
  expect(rig.tap.ofType("refund.completed").filter((e) => e.data.refundId === refundId)).toHaveLength(1);
});
