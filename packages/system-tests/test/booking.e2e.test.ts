/**
 * End-to-end booking across every service, through the gateway only: the five built apps run as
 * real processes (startSystem) against their own databases, exchange and queues, the PortOne
 * sandbox and a test-owned SMTP server.
 */
import { createHash } from "node:crypto";
import amqp from "amqplib";
import { Client } from "pg";
import { signAccessToken } from "@preprint/auth";
import { AMQP_URL, waitFor } from "@preprint/test-support";
import { Api, makePdf, seoulDate, startSystem, type RunningSystem } from "../src";
import {
  freeSlots,
  item,
  notifications,
  payInSandbox,
  payOnCheckoutPage,
  portonePayment,
  reservation,
  reserve,
  signUp,
  slot,
  uploadPdf,
  waitForNotification,
  waitForStatus,
  webhookHeaders,
  type Customer,
  type Slot,
} from "./helpers";

let sys: RunningSystem;
let api: Api;
let storeId: string;
let slots: Slot[];
/** started first so its one-minute hold runs out while the other tests run (asserted last) */
let lapsing: { customer: Customer; id: string; slotId: string };

beforeAll(async () => {
  sys = await startSystem({ holdMinutes: 1 });
  api = new Api(sys.baseUrl);
  const stores = await api.get("/api/stores");
  storeId = stores.body.find((s: any) => s.id === sys.demo.storeId)?.id;
  if (!storeId) throw new Error(`demo store not listed: ${JSON.stringify(stores.body)}`);
  slots = await freeSlots(api, storeId);
  if (slots.length < 8) throw new Error(`need 8 free slots tomorrow, got ${slots.length}`);
  const customer = await signUp(api, "박지훈");
  const upload = await uploadPdf(api, customer.token, 4);
  const res = await reserve(api, customer, storeId, slots[7]!.id, [item(upload, 2)]);
  if (res.status !== 201) throw new Error(`lapsing reservation: ${res.status} ${JSON.stringify(res.body)}`);
  lapsing = { customer, id: res.body.id, slotId: slots[7]!.id };
  // 4 pages × 2 copies held
  const held = await slot(api, storeId, lapsing.slotId);
  if (held.remaining !== held.capacity - 8) throw new Error(`hold did not take capacity: ${JSON.stringify(held)}`);
}, 180_000);

afterAll(async () => {
  if (!sys) return;
  const { names } = sys;
  if (process.env.PREPRINT_SYSTEM_OUTPUT) process.stdout.write(sys.output());
  await sys.stop();
  // the run leaves nothing behind: processes, databases, exchange, queues
  for (const a of sys.apps) expect(a.child.exitCode !== null || a.child.signalCode !== null).toBe(true);
  const pg = new Client({
    connectionString: process.env.PREPRINT_TEST_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  });
  await pg.connect();
  const left = await pg.query("SELECT datname FROM pg_database WHERE datname = ANY($1::text[])", [names.databases]);
  await pg.end();
  expect(left.rows).toEqual([]);
  const conn = await amqp.connect(AMQP_URL);
  try {
    for (const name of [...names.queues.map((q) => ({ q })), { x: names.exchange }]) {
      const ch = await conn.createChannel();
      ch.on("error", () => undefined);
      const exists = await ("q" in name ? ch.checkQueue(name.q!) : ch.checkExchange(name.x!)).then(
        () => true,
        () => false,
      );
      expect({ name, exists }).toEqual({ name, exists: false });
      if (exists) await ch.close();
    }
  } finally {
    await conn.close();
  }
}, 60_000);

describe("services verify the user token themselves", () => {
  test("when the reservation service is called directly without a token or with a forged one, then it answers 401 and the reservation stays hidden", async () => {
    const direct = new Api(sys.urls.reservation);
    const owner = lapsing.customer;

    const none = await direct.get(`/reservations/${lapsing.id}`);
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/application\/problem\+json/);

    // same claims, signed with a secret the system does not know
    const forged = await signAccessToken(
      { sub: owner.userId, role: "customer", email: owner.email, name: owner.name },
      "an-attacker-guessed-this-secret-0123456789",
    );
    const withForged = await direct.get(`/reservations/${lapsing.id}`, { token: forged });
    expect(withForged.status).toBe(401);
    expect(withForged.body.code).toMatch(/TOKEN_INVALID|UNAUTHENTICATED/);
    expect(JSON.stringify(withForged.body)).not.toContain(lapsing.id);

    // control: the real token of the owner does work directly, so the 401s above are the check
    const real = await direct.get(`/reservations/${lapsing.id}`, { token: owner.token });
    expect(real.status).toBe(200);
    expect(real.body.id).toBe(lapsing.id);
  });
});

describe("a booking from sign-up to refund", () => {
  test("when a customer books, pays in the sandbox, then cancels, then the reservation goes CONFIRMED → REFUNDED with the money back at PortOne, an in-app notice and Korean e-mails", async () => {
    // sign up, pick a store and a slot
    const c = await signUp(api, "김민지");
    const me = await api.get("/api/auth/me", { token: c.token });
    expect(me.body.user).toMatchObject({ id: c.userId, email: c.email, role: "customer" });
    const s = slots[0]!;

    // upload a real PDF: the server counts its pages
    const upload = await api.upload("/api/uploads", c.token, await makePdf(3), "강의노트.pdf");
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ fileName: "강의노트.pdf", pages: 3 });
    expect(upload.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    // quote: 3 pages × 2 copies colour A4 at 400 won a page
    const items = [item(upload.body.id, 2, "COLOR")];
    const quote = await api.post("/api/quotes", { storeId, items }, { token: c.token });
    expect(quote.status).toBe(200);
    expect(quote.body.totalAmount).toBe(2400);

    // reserve: the server's price, capacity held
    const created = await reserve(api, c, storeId, s.id, items);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "PENDING_PAYMENT", totalAmount: 2400, currency: "KRW" });
    const id = created.body.id as string;
    expect((await slot(api, storeId, s.id)).remaining).toBe(s.capacity - 6);

    // checkout: the payment service pre-registers the amount with PortOne
    const checkout = await api.post("/api/payments/checkout", { reservationId: id, payMethod: "CARD" }, { token: c.token });
    expect(checkout.status).toBe(201);
    expect(checkout.body).toMatchObject({ totalAmount: 2400, currency: "KRW", storeId: sys.portoneStoreId });
    const paymentId = checkout.body.paymentId as string;
    expect(checkout.body.checkoutUrl).toContain(sys.urls["portone-sandbox"]);

    // pay like the browser: the sandbox checkout page, its form, PortOne's redirect back to our site;
    // the sandbox also sends its signed webhook to the gateway
    const { page, redirect } = await payOnCheckoutPage(checkout.body.checkoutUrl);
    expect(page).toContain("₩2,400");
    expect(redirect.origin).toBe(sys.baseUrl);
    expect(redirect.searchParams.get("paymentId")).toBe(paymentId);
    expect(redirect.searchParams.get("code")).toBeNull();
    expect(redirect.searchParams.get("txId")).toBeTruthy();

    // the browser's return: complete
    const complete = await api.post(`/api/payments/${paymentId}/complete`, {}, { token: c.token });
    expect(complete.status).toBe(200);
    expect(complete.body).toEqual({ paymentId, status: "APPROVED", reservationId: id, refundStatus: "NONE", refundedAmount: 0 });

    // payment.approved → reservation CONFIRMED with a pickup code
    const confirmed = await waitForStatus(api, c, id, "CONFIRMED");
    expect(confirmed.paidAmount).toBe(2400);
    expect(confirmed.pickupCode).toMatch(/^\d{6}$/);
    const pickupCode = confirmed.pickupCode as string;

    // the seeded staff of the store sees it in the queue (without the code) and can fetch the very file
    const login = await api.post("/api/auth/login", { email: sys.demo.staffEmail, password: sys.demo.password });
    expect(login.status).toBe(200);
    const staffToken = login.body.accessToken as string;
    const queue = await api.get(`/api/staff/reservations?date=${seoulDate(1)}`, { token: staffToken });
    expect(queue.status).toBe(200);
    const inQueue = queue.body.slots.flatMap((x: any) => x.reservations).find((r: any) => r.id === id);
    expect(inQueue).toMatchObject({ status: "CONFIRMED", customer: { email: c.email } });
    expect(inQueue.pickupCode).toBeUndefined();
    const file = await fetch(`${sys.baseUrl}/api/staff/reservations/${id}/files/${upload.body.id}`, {
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(upload.body.sha256);
    expect((await api.get(`/api/staff/reservations?date=${seoulDate(1)}`, { token: c.token })).status).toBe(403);

    // reservation.confirmed → in-app notification and an e-mail over SMTP, in Korean, with the code
    const inApp = await waitForNotification(api, c, "reservation.confirmed");
    expect(inApp.body).toContain(pickupCode);
    expect(inApp.body).toContain("예약이 확정되었습니다");
    const mail = await waitFor(() => sys.mail.to(c.email).find((m) => m.subject.includes("예약이 확정")), {
      timeoutMs: 20_000,
      description: "confirmation e-mail",
    });
    expect(mail.subject).toContain("[프리프린트]");
    expect(mail.text).toContain(`픽업 코드: ${pickupCode}`);
    expect(mail.text).toContain(`${c.name}님`);

    // the webhook was delivered to the gateway and accepted (not left for reconciliation)
    const sandbox = new Api(sys.urls["portone-sandbox"]);
    await waitFor(
      async () => {
        const hooks = await sandbox.get(`/__sandbox/webhooks?paymentId=${paymentId}&type=Transaction.Paid`);
        return hooks.body.items.length === 1 && hooks.body.items[0].status === "SUCCEEDED";
      },
      { timeoutMs: 10_000, description: "Transaction.Paid webhook accepted by the gateway" },
    );

    // cancel (more than an hour ahead: 100 % back under the default policy)
    const cancel = await api.post(`/api/reservations/${id}/cancel`, { reason: "일정이 바뀌었어요" }, { token: c.token });
    expect(cancel.status).toBe(200);
    expect(cancel.body.reservation.status).toBe("CANCEL_REQUESTED");
    expect(cancel.body.refundAmount).toBe(2400);

    // refund.requested → PortOne cancel → refund.completed → REFUNDED
    const refunded = await waitForStatus(api, c, id, "REFUNDED");
    expect(refunded.refundedAmount).toBe(2400);
    const atPortone = await portonePayment(sys, paymentId);
    expect(atPortone.status).toBe(200);
    expect(atPortone.body.status).toBe("CANCELLED");
    expect(atPortone.body.amount.cancelled).toBe(2400);
    const ours = await api.get(`/api/payments/${paymentId}`, { token: c.token });
    expect(ours.body).toMatchObject({ refundedAmount: 2400, refundStatus: "FULL" });

    // capacity back, refund notification in-app and by e-mail
    expect((await slot(api, storeId, s.id)).remaining).toBe(s.capacity);
    const refundNote = await waitForNotification(api, c, "refund.completed");
    expect(refundNote.body).toContain("환불이 완료되었습니다");
    await waitFor(() => sys.mail.to(c.email).find((m) => m.subject.includes("환불이 완료")), {
      timeoutMs: 20_000,
      description: "refund e-mail",
    });
    expect((await notifications(api, c)).filter((n) => n.type === "reservation.confirmed")).toHaveLength(1);
  });
});

describe("capacity", () => {
  test("when two customers race for the last capacity of a slot, then exactly one gets it and the other 409 SLOT_FULL", async () => {
    const s = slots[1]!;
    const filler = await signUp(api, "이서준");
    const big = await uploadPdf(api, filler.token, 50);
    const copies = Math.floor(s.capacity / 50) - 2; // leaves exactly 100 pages
    expect((await reserve(api, filler, storeId, s.id, [item(big, copies)])).status).toBe(201);
    expect((await slot(api, storeId, s.id)).remaining).toBe(100);

    const [a, b] = await Promise.all([signUp(api, "최유나"), signUp(api, "정하준")]);
    const [ua, ub] = await Promise.all([uploadPdf(api, a.token, 50), uploadPdf(api, b.token, 50)]);
    const results = await Promise.all([reserve(api, a, storeId, s.id, [item(ua, 2)]), reserve(api, b, storeId, s.id, [item(ub, 2)])]);

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.code).toBe("SLOT_FULL");
    expect(loser.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect((await slot(api, storeId, s.id)).remaining).toBe(0);
    const [la, lb] = await Promise.all([
      api.get("/api/reservations", { token: a.token }),
      api.get("/api/reservations", { token: b.token }),
    ]);
    const held = [...(la.body.items ?? la.body), ...(lb.body.items ?? lb.body)];
    expect(held).toHaveLength(1);
  });
});

describe("payment safety", () => {
  test("when the amount is tampered with at PortOne, then the reservation is never CONFIRMED, the payment is FAILED and cancelled at PortOne", async () => {
    const c = await signUp(api, "한도윤");
    const u = await uploadPdf(api, c.token, 10);
    const created = await reserve(api, c, storeId, slots[2]!.id, [item(u, 1)]);
    expect(created.status).toBe(201);
    const total = created.body.totalAmount as number;
    const checkout = await api.post("/api/payments/checkout", { reservationId: created.body.id, payMethod: "CARD" }, { token: c.token });
    const paymentId = checkout.body.paymentId as string;

    // the browser pays 100 won instead of the amount of record
    const paid = await payInSandbox(sys, paymentId, { totalAmount: 100, enforcePreRegistered: false });
    expect(paid.status).toBe(200);
    expect(paid.body.payment.amount.total).toBe(100);
    expect(total).not.toBe(100);

    const complete = await api.post(`/api/payments/${paymentId}/complete`, {}, { token: c.token });
    expect(complete.status).toBe(200);
    expect(complete.body.status).toBe("FAILED");

    await waitFor(async () => (await portonePayment(sys, paymentId)).body.status === "CANCELLED", {
      timeoutMs: 15_000,
      description: "tampered payment cancelled at PortOne",
    });
    const ours = await api.get(`/api/payments/${paymentId}`, { token: c.token });
    expect(ours.body.status).toBe("FAILED");
    // payment.failed reached the customer; by then reservation has long seen it too
    const note = await waitForNotification(api, c, "payment.failed");
    expect(note).toBeDefined();
    const r = await reservation(api, c, created.body.id);
    expect(r.status).toBe("PENDING_PAYMENT");
    expect(r.paidAmount).toBe(0);
    expect(r.pickupCode).toBeNull();
  });

  test("when a webhook arrives with a forged signature, then it is refused with 400 and changes nothing, while the correctly signed one settles", async () => {
    const c = await signUp(api, "윤서아");
    const u = await uploadPdf(api, c.token, 5);
    const created = await reserve(api, c, storeId, slots[3]!.id, [item(u, 1)]);
    const checkout = await api.post("/api/payments/checkout", { reservationId: created.body.id, payMethod: "CARD" }, { token: c.token });
    const paymentId = checkout.body.paymentId as string;
    // PortOne has the money, but its own webhook is lost and the browser never returns
    const sandbox = new Api(sys.urls["portone-sandbox"]);
    expect(
      (await sandbox.post("/__sandbox/faults", { webhooks: [{ kind: "drop", times: 1, eventType: "Transaction.Paid" }] })).status,
    ).toBe(201);
    expect((await payInSandbox(sys, paymentId)).status).toBe(200);

    const body = JSON.stringify({
      type: "Transaction.Paid",
      timestamp: new Date().toISOString(),
      data: { paymentId, storeId: sys.portoneStoreId, transactionId: "forged-tx" },
    });
    const forged = webhookHeaders(`whsec_${Buffer.from("not-the-real-secret-0123456789").toString("base64")}`, body);
    const res = await fetch(`${sys.baseUrl}/api/payments/webhooks/portone`, { method: "POST", headers: forged, body });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("WEBHOOK_SIGNATURE_INVALID");

    await new Promise((r) => setTimeout(r, 1000));
    expect((await api.get(`/api/payments/${paymentId}`, { token: c.token })).body.status).toBe("PENDING");
    expect((await reservation(api, c, created.body.id)).status).toBe("PENDING_PAYMENT");

    // control: the same body signed with the real secret is accepted and settles the payment
    const genuine = await fetch(`${sys.baseUrl}/api/payments/webhooks/portone`, {
      method: "POST",
      headers: webhookHeaders(sys.secrets.portoneWebhook, body),
      body,
    });
    expect(genuine.status).toBe(200);
    await waitForStatus(api, c, created.body.id, "CONFIRMED");
  });
});

describe("privacy", () => {
  test("when a customer asks for another customer's reservation or payment, then it is 404 and nothing about it leaks or changes", async () => {
    const owner = lapsing.customer;
    const other = await signUp(api, "강지우");
    const read = await api.get(`/api/reservations/${lapsing.id}`, { token: other.token });
    expect(read.status).toBe(404);
    expect(read.body.code).toBe("RESERVATION_NOT_FOUND");
    const cancel = await api.post(`/api/reservations/${lapsing.id}/cancel`, { reason: "남의 예약" }, { token: other.token });
    expect(cancel.status).toBe(404);
    const checkout = await api.post("/api/payments/checkout", { reservationId: lapsing.id, payMethod: "CARD" }, { token: other.token });
    expect(checkout.status).toBe(404);
    const list = await api.get("/api/reservations", { token: other.token });
    expect(JSON.stringify(list.body)).not.toContain(lapsing.id);
    // still the owner's, untouched (apart from the clock: it may have lapsed meanwhile)
    const after = await reservation(api, owner, lapsing.id);
    expect(after.status).toMatch(/^(PENDING_PAYMENT|EXPIRED)$/);
    expect(after.cancelReason).toBeNull();
  });
});

describe("expiry", () => {
  test("when an unpaid hold passes expiresAt, then the reservation is EXPIRED, its capacity is back and the customer is told", async () => {
    const before = await slot(api, storeId, lapsing.slotId);
    const expired = await waitForStatus(api, lapsing.customer, lapsing.id, "EXPIRED", 90_000);
    expect(new Date(expired.expiresAt).getTime()).toBeLessThanOrEqual(Date.now());
    await waitFor(async () => (await slot(api, storeId, lapsing.slotId)).remaining === before.capacity, {
      timeoutMs: 10_000,
      description: "capacity released",
    });
    await waitForNotification(api, lapsing.customer, "reservation.expired");
    // paying for it now is refused
    const late = await api.post(
      "/api/payments/checkout",
      { reservationId: lapsing.id, payMethod: "CARD" },
      { token: lapsing.customer.token },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toMatch(/RESERVATION_EXPIRED|RESERVATION_NOT_PAYABLE/);
  }, 120_000);
});
