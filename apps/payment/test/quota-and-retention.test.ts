import { randomBytes } from "node:crypto";
import { claimInbox } from "@preprint/messaging";
import { api, customerToken, signWebhook, startRig, WEBHOOK_SECRET, type Rig } from "./harness";

jest.setTimeout(90_000);

let rig: Rig;
beforeAll(async () => {
  // a cooldown far longer than the test: every PortOne call it sees beyond one is a defect
  rig = await startRig({ PORTONE_COOLDOWN_MS: "600000" });
});
afterAll(async () => {
  await rig?.stop();
});

async function checkout(idempotencyKey?: string) {
  const customerId = `usr_${randomBytes(4).toString("hex")}`;
  const token = await customerToken(customerId);
  const rsv = rig.stub.add({ customerId });
  const headers = idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined;
  const res = await api(rig, "POST", "/payments/checkout", { token, headers, body: { reservationId: rsv.id, payMethod: "CARD" } });
  expect(res.status).toBe(201);
  return { token, rsv, customerId, paymentId: res.body.paymentId as string };
}

async function portoneCalls(paymentId: string, method: string, suffix = "") {
  const res = await rig.sandbox.hook(`/__sandbox/calls?paymentId=${paymentId}`, undefined, "GET");
  return (res.body.items as { method: string; path: string }[]).filter(
    (c) => c.method === method && c.path === `/payments/${paymentId}${suffix}`,
  ).length;
}

describe("PortOne API quota", () => {
  test("when a customer calls /complete many times on an unsettled payment, then PortOne is asked once per cooldown and each call answers from our record", async () => {
    const { token, paymentId } = await checkout();
    const answers = [];
    for (let i = 0; i < 15; i++) answers.push(await api(rig, "POST", `/payments/${paymentId}/complete`, { token }));
    expect(answers.map((a) => `${a.status} ${a.body.status}`)).toEqual(Array(15).fill("200 PENDING"));
    expect(await portoneCalls(paymentId, "GET")).toBe(1);

    // once the cooldown has passed, the next call asks PortOne again and settles a payment made meanwhile
    await rig.sandbox.hook("/__sandbox/faults", { webhooks: [{ kind: "drop", times: 1 }] });
    await rig.sandbox.hook(`/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
    await rig.svc.prisma.$executeRawUnsafe(
      `UPDATE portone_call_gates SET called_at = now() - interval '11 minutes' WHERE payment_id = $1`,
      paymentId,
    );
    const settled = await api(rig, "POST", `/payments/${paymentId}/complete`, { token });
    expect(settled.body.status).toBe("APPROVED");
    expect(await portoneCalls(paymentId, "GET")).toBe(2);
  });

  test("when the same reservation is checked out many times, then its amount is pre-registered at PortOne once per cooldown and every answer is the same payment", async () => {
    const { token, rsv, paymentId } = await checkout();
    for (let i = 0; i < 10; i++) {
      const again = await api(rig, "POST", "/payments/checkout", {
        token,
        body: { reservationId: rsv.id, payMethod: i % 2 ? "CARD" : "EASY_PAY" },
      });
      expect(again.status).toBe(201);
      expect(again.body.paymentId).toBe(paymentId);
    }
    expect(await portoneCalls(paymentId, "POST", "/pre-register")).toBe(1);
  });
});

describe("retention", () => {
  const now = () => Math.floor(Date.now() / 1000);

  test("when the retention job runs, then idempotency keys, inbox rows, webhook receipts and cooldown gates past their period are deleted and recent ones still dedupe", async () => {
    const old = await checkout(`old-${randomBytes(4).toString("hex")}`);
    const recentKey = `new-${randomBytes(4).toString("hex")}`;
    const recent = await checkout(recentKey);
    await rig.svc.prisma.$executeRawUnsafe(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1`,
      old.customerId,
    );
    await rig.svc.prisma.$executeRawUnsafe(
      `INSERT INTO inbox_events (consumer, event_id, received_at) VALUES ('payment', 'evt-old', now() - interval '31 days'), ('payment', 'evt-new', now() - interval '29 days')`,
    );
    // a processed webhook receipt, and one past its period
    const body = JSON.stringify({
      type: "Transaction.Ready",
      timestamp: new Date().toISOString(),
      data: { paymentId: recent.paymentId, storeId: rig.config.PORTONE_STORE_ID },
    });
    const webhookId = `msg_${randomBytes(8).toString("hex")}`;
    const send = () => {
      const ts = now();
      return fetch(`${rig.url}/payments/webhooks/portone`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": webhookId,
          "webhook-timestamp": String(ts),
          "webhook-signature": signWebhook(WEBHOOK_SECRET, webhookId, ts, body),
        },
        body,
      });
    };
    expect((await send()).status).toBe(200);
    await rig.svc.prisma.webhookReceipt.create({
      data: {
        id: "msg_old",
        type: "Transaction.Paid",
        paymentId: old.paymentId,
        payload: {},
        receivedAt: new Date(Date.now() - 31 * 86_400_000),
        processedAt: new Date(Date.now() - 31 * 86_400_000),
      },
    });
    await rig.svc.prisma.$executeRawUnsafe(
      `UPDATE portone_call_gates SET called_at = now() - interval '2 hours' WHERE payment_id = $1`,
      old.paymentId,
    );

    const deleted = (await rig.svc.jobs.get("retention").runOnce()) as Record<string, number>;
    expect(deleted).toMatchObject({ idempotency_keys: 1, inbox_events: 1, webhook_receipts: 1 });
    expect(deleted.portone_call_gates).toBeGreaterThanOrEqual(1);

    expect(await rig.svc.prisma.idempotencyKey.count({ where: { userId: old.customerId } })).toBe(0);
    const replay = await api(rig, "POST", "/payments/checkout", {
      token: recent.token,
      headers: { "idempotency-key": recentKey },
      body: { reservationId: recent.rsv.id, payMethod: "CARD" },
    });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.paymentId).toBe(recent.paymentId);

    expect(await claimInbox(rig.svc.prisma, "payment", "evt-new")).toBe(false);
    expect(await rig.svc.prisma.inboxEvent.count({ where: { eventId: { in: ["evt-old", "evt-new"] } } })).toBe(1);

    expect(await rig.svc.prisma.webhookReceipt.count({ where: { id: "msg_old" } })).toBe(0);
    const again = await send();
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await rig.svc.prisma.webhookReceipt.findUniqueOrThrow({ where: { id: webhookId } })).attempts).toBe(2);

    expect(await rig.svc.prisma.portoneCallGate.count({ where: { paymentId: old.paymentId } })).toBe(0);
    expect(await rig.svc.prisma.portoneCallGate.count({ where: { paymentId: recent.paymentId } })).toBe(1);
  });
});
