import { reconcilePayments } from "../src/use-cases/reconcile-payments";
import { api, customerToken, startRig, waitFor, type Rig } from "./harness";

jest.setTimeout(60_000);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.stop();
});

async function checkout(payMethod: "CARD" | "EASY_PAY" = "CARD", over: Record<string, unknown> = {}) {
  const customerId = `usr_${Math.random().toString(36).slice(2, 10)}`;
  const token = await customerToken(customerId);
  const rsv = rig.stub.add({ customerId, ...over });
  const res = await api(rig, "POST", "/payments/checkout", { token, body: { reservationId: rsv.id, payMethod } });
  return { customerId, token, rsv, res };
}

/** Pays through the sandbox's test hook, like the checkout page's button. */
function pay(paymentId: string, body: Record<string, unknown>) {
  return rig.sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID", ...body });
}

const row = (id: string) => rig.svc.prisma.payment.findUniqueOrThrow({ where: { id } });
const outbox = (type: string, paymentId: string) =>
  rig.svc.prisma.outboxEvent.findMany({ where: { type, payload: { path: ["data", "paymentId"], equals: paymentId } } });

describe("checkout", () => {
  test("when the owner checks out a payable reservation, then the browser parameters come back and the amount is pre-registered at PortOne", async () => {
    const { rsv, res, customerId } = await checkout("CARD");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      storeId: rig.config.PORTONE_STORE_ID,
      channelKey: "channel-key-smartro-card",
      orderName: rsv.orderName,
      totalAmount: 4200,
      currency: "KRW",
      payMethod: "CARD",
      customer: { fullName: "김고객", email: "customer@example.com", phoneNumber: "01012345678" },
      redirectUrl: `http://localhost:8080/reservations/${rsv.id}/payment-complete`,
    });
    expect(res.body.paymentId).toMatch(/^[A-Za-z0-9]{1,40}$/);
    expect(res.body.checkoutUrl).toContain(`${rig.sandbox.url}/checkout?`);
    const p = await row(res.body.paymentId);
    expect(p).toMatchObject({ status: "PENDING", amount: 4200, reservationId: rsv.id, customerId, openReservationId: rsv.id });
    // the sandbox refuses another amount for this id: proof the pre-registration happened
    const tampered = await pay(res.body.paymentId, { totalAmount: 100 });
    expect(tampered.status).toBeGreaterThanOrEqual(400);
  });

  test("when the same reservation is checked out twice, then the open payment is reused with the new method", async () => {
    const { token, rsv, res } = await checkout("CARD");
    const again = await api(rig, "POST", "/payments/checkout", { token, body: { reservationId: rsv.id, payMethod: "EASY_PAY" } });
    expect(again.status).toBe(201);
    expect(again.body.paymentId).toBe(res.body.paymentId);
    expect(again.body.channelKey).toBe("channel-key-smartro-easypay");
    expect(await rig.svc.prisma.payment.count({ where: { reservationId: rsv.id } })).toBe(1);
    expect((await row(res.body.paymentId)).payMethod).toBe("EASY_PAY");
  });

  test("when the same Idempotency-Key is replayed, then the stored response comes back", async () => {
    const customerId = "usr_idem";
    const token = await customerToken(customerId);
    const rsv = rig.stub.add({ customerId });
    const headers = { "idempotency-key": "chk-" + rsv.id };
    const a = await api(rig, "POST", "/payments/checkout", { token, headers, body: { reservationId: rsv.id, payMethod: "CARD" } });
    const callsAfterFirst = rig.stub.calls;
    const b = await api(rig, "POST", "/payments/checkout", { token, headers, body: { reservationId: rsv.id, payMethod: "CARD" } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(b.body.paymentId).toBe(a.body.paymentId);
    expect(rig.stub.calls).toBe(callsAfterFirst); // the handler did not run again
  });

  test("when someone else's, an expired or a non-pending reservation is checked out, then 404/409 with a stable code and no payment", async () => {
    const owner = rig.stub.add({ customerId: "usr_owner" });
    const stranger = await api(rig, "POST", "/payments/checkout", {
      token: await customerToken("usr_other"),
      body: { reservationId: owner.id, payMethod: "CARD" },
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe("RESERVATION_NOT_FOUND");

    const expired = await checkout("CARD", { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(expired.res.status).toBe(409);
    expect(expired.res.body.code).toBe("RESERVATION_EXPIRED");

    const confirmed = await checkout("CARD", { status: "CONFIRMED" });
    expect(confirmed.res.status).toBe(409);
    expect(confirmed.res.body.code).toBe("RESERVATION_NOT_PAYABLE");

    const bad = await api(rig, "POST", "/payments/checkout", {
      token: await customerToken("usr_x"),
      body: { reservationId: owner.id, payMethod: "CASH" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(await rig.svc.prisma.payment.count({ where: { reservationId: { in: [owner.id, expired.rsv.id, confirmed.rsv.id] } } })).toBe(0);
  });
});

describe("settlement", () => {
  test.each(["CARD", "EASY_PAY"] as const)(
    "when a %s payment is paid and the browser completes, then it is APPROVED and one payment.approved is published",
    async (method) => {
      const { token, res, rsv, customerId } = await checkout(method);
      const paymentId = res.body.paymentId;
      await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", times: 1 }] }); // browser only
      const paid = await pay(paymentId, { payMethod: method, ...(method === "EASY_PAY" ? { easyPayProvider: "KAKAOPAY" } : {}) });
      expect(paid.status).toBe(200);
      const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ paymentId, status: "APPROVED", reservationId: rsv.id, refundStatus: "NONE", refundedAmount: 0 });
      const p = await row(paymentId);
      expect(p.status).toBe("APPROVED");
      expect(p.openReservationId).toBeNull();
      expect((p.portonePayment as any).status).toBe("PAID");
      const evs = await waitFor(() =>
        rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId).length === 1
          ? rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)
          : undefined,
      );
      expect(evs[0].data).toMatchObject({ paymentId, reservationId: rsv.id, customerId, amount: 4200, currency: "KRW", method });
      const view = await api(rig, "GET", `/payments/${paymentId}`, { token });
      expect(view.body).toMatchObject({ paymentId, status: "APPROVED", amount: 4200, refundableAmount: 4200 });
    },
  );

  test("when the amount was tampered with in the browser, then the payment is never approved, is cancelled at PortOne and payment.failed says AMOUNT_MISMATCH", async () => {
    const { token, res, rsv } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    const paid = await pay(paymentId, { totalAmount: 100, enforcePreRegistered: false });
    expect(paid.status).toBe(200);
    expect(paid.body.payment.status).toBe("PAID");
    const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(done.body).toEqual({ paymentId, status: "FAILED", reservationId: rsv.id, refundStatus: "NONE", refundedAmount: 0 });
    const p = await waitFor(async () => {
      const r = await row(paymentId);
      return r.status === "FAILED" ? r : undefined;
    });
    expect(p.failureCode).toBe("AMOUNT_MISMATCH");
    const atPortOne = await fetch(`${rig.sandbox.url}/payments/${paymentId}`, {
      headers: { authorization: `PortOne ${rig.config.PORTONE_API_SECRET}` },
    }).then((r) => r.json());
    expect(atPortOne.status).toBe("CANCELLED");
    const failed = await waitFor(() => rig.tap.ofType("payment.failed").find((e) => e.data.paymentId === paymentId));
    expect(failed.data).toMatchObject({
      code: "AMOUNT_MISMATCH",
      amount: 4200,
      customer: { email: "customer@example.com" },
      store: { id: "str_gangnam" },
    });
    // the webhook(s) for the payment and for the cancel change nothing
    await waitFor(async () => (await rig.svc.prisma.webhookReceipt.count({ where: { paymentId } })) >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)).toHaveLength(0);
    expect(await outbox("payment.failed", paymentId)).toHaveLength(1);
  });

  test("when the PG declines, then complete answers FAILED and payment.failed says PG_DECLINED", async () => {
    const { token, res } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    await pay(paymentId, { outcome: "FAILED" });
    const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(done.body.status).toBe("FAILED");
    expect((await row(paymentId)).failureCode).toBe("PG_DECLINED");
    await waitFor(() => rig.tap.ofType("payment.failed").find((e) => e.data.paymentId === paymentId && e.data.code === "PG_DECLINED"));
  });

  test("when the webhook arrives before the browser returns, then the later complete finds it APPROVED and there is one event", async () => {
    const { token, res } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    await pay(paymentId, {});
    await waitFor(async () => (await row(paymentId)).status === "APPROVED", { description: "webhook settled it" });
    const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(done.body.status).toBe("APPROVED");
    const again = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(again.body.status).toBe("APPROVED");
    await waitFor(() => rig.tap.ofType("payment.approved").some((e) => e.data.paymentId === paymentId));
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)).toHaveLength(1);
    expect(await outbox("payment.approved", paymentId)).toHaveLength(1);
  });

  test("when the browser returns before the (delayed, duplicated) webhook, then there is still one approval and one event", async () => {
    const { token, res } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    await rig.sandbox.hook("/__sandbox/faults", {
      webhooks: [
        { kind: "delay", delayMs: 800, times: 1 },
        { kind: "duplicate", copies: 2, times: 1 },
      ],
    });
    await pay(paymentId, {});
    const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(done.body.status).toBe("APPROVED");
    await waitFor(
      async () =>
        (await rig.sandbox.hook(`/__sandbox/webhooks?paymentId=${paymentId}`, undefined, "GET")).body.items.some(
          (d: any) => d.status === "SUCCEEDED",
        ),
      { description: "webhook delivered" },
    );
    const receipts = await rig.svc.prisma.webhookReceipt.findMany({ where: { paymentId } });
    expect(receipts.length).toBeGreaterThanOrEqual(1);
    expect(receipts.every((r) => r.processedAt)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await outbox("payment.approved", paymentId)).toHaveLength(1);
    expect(rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)).toHaveLength(1);
  });

  test("when ten completes and the webhook race at the same instant, then one approval and one event", async () => {
    const { token, res } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "delay", delayMs: 50, times: 1 }] });
    await pay(paymentId, {});
    const results = await Promise.all(Array.from({ length: 10 }, () => api(rig, "POST", `/payments/${paymentId}/complete`, { token })));
    expect(results.map((r) => r.body.status)).toEqual(Array(10).fill("APPROVED"));
    await waitFor(async () => (await rig.svc.prisma.webhookReceipt.count({ where: { paymentId, processedAt: { not: null } } })) >= 1);
    expect(await outbox("payment.approved", paymentId)).toHaveLength(1);
    await waitFor(() => rig.tap.ofType("payment.approved").some((e) => e.data.paymentId === paymentId));
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.tap.ofType("payment.approved").filter((e) => e.data.paymentId === paymentId)).toHaveLength(1);
  });

  test("when PortOne answers 5xx during complete, then the payment stays PENDING and reconciliation settles it later", async () => {
    const { token, res } = await checkout("CARD");
    const paymentId = res.body.paymentId;
    await rig.sandbox.hook("/__sandbox/faults", {
      webhooks: [{ kind: "drop", times: 1 }],
      rest: [{ kind: "error", status: 503, path: `^/payments/${paymentId}$`, method: "GET", times: 1 }],
    });
    await pay(paymentId, {});
    const done = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe("PENDING");
    expect((await row(paymentId)).lastError).toMatch(/getPayment/);
    // pretend the threshold has passed
    await rig.svc.prisma.payment.update({ where: { id: paymentId }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    const stats = await reconcilePayments(rig.svc.deps);
    expect(stats.payments).toBeGreaterThanOrEqual(1);
    expect((await row(paymentId)).status).toBe("APPROVED");
    await waitFor(() => rig.tap.ofType("payment.approved").find((e) => e.data.paymentId === paymentId));
    // a second run does not touch it again
    const again = await reconcilePayments(rig.svc.deps);
    expect(again.payments).toBe(0);
  });

  test("when a customer completes or reads someone else's payment, then 404", async () => {
    const { res } = await checkout("CARD");
    const other = await customerToken("usr_intruder");
    expect((await api(rig, "POST", `/payments/${res.body.paymentId}/complete`, { token: other })).status).toBe(404);
    const read = await api(rig, "GET", `/payments/${res.body.paymentId}`, { token: other });
    expect(read.status).toBe(404);
    expect(read.body.code).toBe("PAYMENT_NOT_FOUND");
    expect((await row(res.body.paymentId)).status).toBe("PENDING");
  });

  test("when anyone asks for the payment config, then mode, store id and channel keys come back", async () => {
    const res = await api(rig, "GET", "/payments/config");
    expect(res.body).toEqual({
      mode: "sandbox",
      storeId: rig.config.PORTONE_STORE_ID,
      methods: [
        { payMethod: "CARD", channelKey: "channel-key-smartro-card" },
        { payMethod: "EASY_PAY", channelKey: "channel-key-smartro-easypay" },
      ],
    });
  });
});
