import { internalReservation } from "@preprint/contracts";
import { waitFor } from "@preprint/test-support";
import { expireReservations } from "../src/use-cases/expire-reservations";
import {
  BrokerProbe,
  call,
  createStore,
  customer,
  pdf,
  seoulDate,
  serviceToken,
  slotAt,
  staff,
  startHarness,
  upload,
  type Harness,
  type Who,
} from "./helpers";

let h: Harness;
let probe: BrokerProbe;
let storeId: string;
let clerk: Who;
let n = 0;

beforeAll(async () => {
  h = await startHarness("rsv_life", {}, { broker: true });
  probe = await new BrokerProbe(h.ctx.config.EVENTS_EXCHANGE).start();
  storeId = await createStore(h.prisma, { capacityPages: 10 });
  clerk = await staff(storeId);
});
afterAll(async () => {
  await probe?.close();
  await h?.close();
});
afterEach(() => {
  h.clock.offsetMs = 0;
});

/** a fresh slot per test so capacities do not interfere */
function nextSlot() {
  n++;
  return slotAt(
    storeId,
    seoulDate(2 + Math.floor(n / 40)),
    `${String(Math.floor((n % 40) / 2) + 2).padStart(2, "0")}:${n % 2 ? "30" : "00"}`,
  );
}

async function reserve(c: Who, pages = 1, slotId = nextSlot(), extra: object = {}) {
  const up = await upload(h.url, c.token, await pdf(pages));
  const res = await call(h.url, "POST", "/reservations", {
    token: c.token,
    body: { storeId, slotId, items: [{ uploadId: up.body.id, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }], ...extra },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, slotId, uploadId: up.body.id as string, total: res.body.totalAmount as number, body: res.body };
}

/** the made-to-order notice as the service publishes it, accepted */
async function consented(c: Who) {
  const policy = (await call(h.url, "GET", "/refund-policy")).body;
  const r = await reserve(c, 1, nextSlot(), { madeToOrderConsent: { noticeVersion: policy.madeToOrderNotice.version, accepted: true } });
  return { ...r, notice: policy.madeToOrderNotice as { version: string; text: string } };
}

async function printing(id: string) {
  expect((await call(h.url, "POST", `/staff/reservations/${id}/printing`, { token: clerk.token })).status).toBe(200);
}

async function status(id: string) {
  return (await h.prisma.reservation.findUniqueOrThrow({ where: { id } })).status;
}

async function until(id: string, s: string) {
  await waitFor(async () => (await status(id)) === s, { timeoutMs: 10_000, description: `${id} → ${s}` });
}

async function approve(r: { id: string; total: number }, c: Who, paymentId = `pay${r.id.slice(4)}`, eventId?: string) {
  return probe.publish(
    "payment.approved",
    {
      paymentId,
      reservationId: r.id,
      customerId: c.sub,
      amount: r.total,
      currency: "KRW",
      method: "CARD",
      approvedAt: new Date().toISOString(),
    },
    eventId,
  );
}

const facts = (id: string) => ({
  customer: { id: "x", name: "x", email: "x@example.com" },
  store: { id: storeId, name: "s", timeZone: "Asia/Seoul" },
  reservationId: id,
});

async function refunds(id: string) {
  return h.prisma.refund.findMany({ where: { reservationId: id }, orderBy: { createdAt: "asc" } });
}

async function complete(id: string, refundId: string, amount: number, paymentId: string, eventId?: string) {
  const f = facts(id);
  return probe.publish(
    "refund.completed",
    {
      refundId,
      reservationId: id,
      paymentId,
      amount,
      currency: "KRW",
      cancellationId: `c-${refundId}`,
      remainingAmount: 0,
      customer: f.customer,
      store: f.store,
      completedAt: new Date().toISOString(),
    },
    eventId,
  );
}

const slotReserved = async (slotId: string) => (await h.prisma.slot.findUniqueOrThrow({ where: { id: slotId } })).reserved;

test("when payment.approved is published, then the reservation is CONFIRMED with a 6-digit pickup code and reservation.confirmed goes out", async () => {
  const c = await customer();
  const r = await reserve(c);
  await waitFor(() => probe.of("reservation.created", r.id).length === 1, { timeoutMs: 10_000 });
  await approve(r, c);
  await until(r.id, "CONFIRMED");
  const mine = await call(h.url, "GET", `/reservations/${r.id}`, { token: c.token });
  expect(mine.body).toMatchObject({ status: "CONFIRMED", paidAmount: r.total });
  expect(mine.body.pickupCode).toMatch(/^\d{6}$/);
  await waitFor(() => probe.of("reservation.confirmed", r.id).length === 1, { timeoutMs: 10_000 });
  expect(probe.of("reservation.confirmed", r.id)[0]!.body.data).toMatchObject({
    pickupCode: mine.body.pickupCode,
    totalAmount: r.total,
    customer: { id: c.sub },
  });
  const changes = probe.of("reservation.status-changed", r.id).map((e) => `${e.body.data.from}->${e.body.data.to}`);
  await waitFor(() => probe.of("reservation.status-changed", r.id).length === 2, { timeoutMs: 10_000 });
  expect(probe.of("reservation.status-changed", r.id).map((e) => `${e.body.data.from}->${e.body.data.to}`)).toEqual(
    ["null->PENDING_PAYMENT", "PENDING_PAYMENT->CONFIRMED"].slice(0, Math.max(2, changes.length)),
  );
  expect(await h.prisma.inboxEvent.count({ where: { consumer: "reservation" } })).toBeGreaterThan(0);
  expect(await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
    refundPolicy: expect.objectContaining({ version: h.ctx.config.REFUND_POLICY_JSON.version }),
  });
});

test("when the same payment.approved is delivered twice and again under a new event id, then it is applied once", async () => {
  const c = await customer();
  const r = await reserve(c);
  const e = await approve(r, c);
  await until(r.id, "CONFIRMED");
  const code = (await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).pickupCode;
  await approve(r, c, `pay${r.id.slice(4)}`, e.id);
  await approve(r, c);
  await waitFor(async () => (await h.prisma.inboxEvent.count({ where: { eventId: { in: [e.id] } } })) === 1);
  await new Promise((res) => setTimeout(res, 500));
  const after = await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } });
  expect(after).toMatchObject({ status: "CONFIRMED", pickupCode: code });
  expect(
    await h.prisma.outboxEvent.count({
      where: { type: "reservation.confirmed", payload: { path: ["data", "reservationId"], equals: r.id } },
    }),
  ).toBe(1);
  expect(await refunds(r.id)).toEqual([]);
});

test("when an unpaid reservation passes expiresAt, then the expiry job expires it, releases capacity and emits reservation.expired", async () => {
  const c = await customer();
  const r = await reserve(c, 3);
  expect(await slotReserved(r.slotId)).toBe(3);
  expect(await expireReservations({ prisma: h.prisma }, new Date(Date.now() + 9 * 60000))).toBe(0);
  expect(await expireReservations({ prisma: h.prisma }, new Date(Date.now() + 11 * 60000))).toBeGreaterThanOrEqual(1);
  expect(await status(r.id)).toBe("EXPIRED");
  expect(await slotReserved(r.slotId)).toBe(0);
  await waitFor(() => probe.of("reservation.expired", r.id).length === 1, { timeoutMs: 10_000 });
  const audit = await h.prisma.auditLog.findMany({ where: { reservationId: r.id }, orderBy: { at: "asc" } });
  expect(audit.map((a) => [a.fromStatus, a.toStatus, a.actorType])).toEqual([
    [null, "PENDING_PAYMENT", "CUSTOMER"],
    ["PENDING_PAYMENT", "EXPIRED", "SYSTEM"],
  ]);
});

test("when two expiry workers run at once, then each due reservation is expired exactly once", async () => {
  const c = await customer();
  // one after another: an account's uploads beyond PDF_INSPECT_PER_ACCOUNT at once are refused
  const rs = [await reserve(c, 1), await reserve(c, 1), await reserve(c, 1)];
  const later = new Date(Date.now() + 11 * 60000);
  await Promise.all([expireReservations({ prisma: h.prisma }, later), expireReservations({ prisma: h.prisma }, later)]);
  for (const r of rs) {
    expect(await status(r.id)).toBe("EXPIRED");
    expect(
      await h.prisma.outboxEvent.count({
        where: { type: "reservation.expired", payload: { path: ["data", "reservationId"], equals: r.id } },
      }),
    ).toBe(1);
    expect(await slotReserved(r.slotId)).toBe(0);
  }
});

test("when payment arrives after expiry and the slot still has room, then the reservation is CONFIRMED and re-takes its capacity", async () => {
  const c = await customer();
  const r = await reserve(c, 2);
  await expireReservations({ prisma: h.prisma }, new Date(Date.now() + 11 * 60000));
  expect(await slotReserved(r.slotId)).toBe(0);
  await approve(r, c);
  await until(r.id, "CONFIRMED");
  expect(await slotReserved(r.slotId)).toBe(2);
  expect(await refunds(r.id)).toEqual([]);
  await waitFor(() => probe.of("reservation.confirmed", r.id).length === 1, { timeoutMs: 10_000 });
});

test("when payment arrives after expiry and the slot is full, then a full refund is requested and refund.completed ends it REFUNDED", async () => {
  const a = await customer();
  const b = await customer();
  const late = await reserve(a, 1);
  await expireReservations({ prisma: h.prisma }, new Date(Date.now() + 11 * 60000));
  await reserve(b, 10, late.slotId); // the slot is now full
  await approve(late, a);
  await until(late.id, "CANCEL_REQUESTED");
  const [refund] = await refunds(late.id);
  expect(refund).toMatchObject({ amount: late.total, kind: "COMPENSATION", status: "REQUESTED" });
  await waitFor(() => probe.of("refund.requested", late.id).length === 1, { timeoutMs: 10_000 });
  expect(probe.of("refund.requested", late.id)[0]!.body.data).toMatchObject({ amount: late.total, requestedBy: { type: "SYSTEM" } });
  expect(await slotReserved(late.slotId)).toBe(10);
  await complete(late.id, refund!.id, late.total, `pay${late.id.slice(4)}`);
  await until(late.id, "REFUNDED");
  expect(await slotReserved(late.slotId)).toBe(10);
});

test("when a payment lands for a reservation the customer cancelled before paying, then it is refunded in full and the reservation stays CANCELLED (never re-booked)", async () => {
  const c = await customer();
  const r = await reserve(c, 2);
  expect(
    (await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: c.token, body: { reason: "다른 날로 예약" } })).body.reservation
      .status,
  ).toBe("CANCELLED");
  const paymentId = `pay${r.id.slice(4)}`;
  await approve(r, c, paymentId);
  await waitFor(() => probe.of("refund.requested", r.id).length === 1, { timeoutMs: 10_000 });
  expect(probe.of("refund.requested", r.id)[0]!.body.data).toMatchObject({ paymentId, amount: r.total, requestedBy: { type: "SYSTEM" } });
  const after = await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } });
  expect(after).toMatchObject({ status: "CANCELLED", paymentId, paidAmount: r.total, pickupCode: null, capacityHeld: false });
  expect(await slotReserved(r.slotId)).toBe(0);
  const [refund] = await refunds(r.id);
  expect(refund).toMatchObject({ kind: "COMPENSATION", amount: r.total });
  await complete(r.id, refund!.id, r.total, paymentId);
  await waitFor(async () => (await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).refundedAmount === r.total, {
    timeoutMs: 10_000,
  });
  expect(await status(r.id)).toBe("CANCELLED");
  expect(probe.of("reservation.confirmed", r.id)).toHaveLength(0);
});

describe("refunds made outside the app (PortOne console, PG)", () => {
  const external = (
    r: { id: string },
    paymentId: string,
    amount: number,
    remainingAmount: number,
    refundId = `rfd_ext_${Math.random().toString(36).slice(2)}`,
  ) => {
    const f = facts(r.id);
    return probe.publish("refund.completed", {
      refundId,
      reservationId: r.id,
      paymentId,
      amount,
      currency: "KRW",
      cancellationId: `c-${refundId}`,
      remainingAmount,
      customer: f.customer,
      store: f.store,
      completedAt: new Date().toISOString(),
      origin: "EXTERNAL",
      externalActor: "PORTONE_CONSOLE",
      reason: "콘솔 환불",
    });
  };

  test("when part of a confirmed reservation's payment is refunded in the console, then it stays CONFIRMED with the refunded amount shown and staff are alerted", async () => {
    const c = await customer();
    const r = await reserve(c, 3);
    const paymentId = `pay${r.id.slice(4)}`;
    await approve(r, c, paymentId);
    await until(r.id, "CONFIRMED");
    const code = (await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).pickupCode;
    await external(r, paymentId, 100, r.total - 100);
    await waitFor(async () => (await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).refundedAmount === 100, {
      timeoutMs: 10_000,
    });
    const mine = await call(h.url, "GET", `/reservations/${r.id}`, { token: c.token });
    expect(mine.body).toMatchObject({ status: "CONFIRMED", refundedAmount: 100, pickupCode: code });
    const [refund] = await refunds(r.id);
    expect(refund).toMatchObject({ kind: "EXTERNAL", status: "COMPLETED", amount: 100, actorId: "PORTONE_CONSOLE" });
    const alerts = await call(h.url, "GET", "/staff/alerts", { token: clerk.token });
    expect(alerts.body.find((a: any) => a.reservationId === r.id)).toMatchObject({
      kind: "EXTERNAL_REFUND",
      message: expect.stringContaining("부분 환불 100원"),
    });
  });

  test("when the whole payment is refunded in the console, then REFUNDED, the pickup code is void, staff are alerted, and a replay changes nothing", async () => {
    const c = await customer();
    const r = await reserve(c, 2);
    const paymentId = `pay${r.id.slice(4)}`;
    await approve(r, c, paymentId);
    await until(r.id, "CONFIRMED");
    const refundId = `rfd_ext_${r.id.slice(4)}`;
    const e = await external(r, paymentId, r.total, 0, refundId);
    await until(r.id, "REFUNDED");
    const after = await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } });
    expect(after).toMatchObject({ refundedAmount: r.total, pickupCode: null });
    await waitFor(() => probe.of("reservation.status-changed", r.id).some((x) => x.body.data.to === "REFUNDED"), { timeoutMs: 10_000 });
    const alerts = await call(h.url, "GET", "/staff/alerts", { token: clerk.token });
    expect(alerts.body.find((a: any) => a.reservationId === r.id)).toMatchObject({
      kind: "EXTERNAL_REFUND",
      message: expect.stringContaining("전액 환불"),
    });
    // the same event again, and the same refund under a new event id
    await probe.publish("refund.completed", e.data, e.id);
    await external(r, paymentId, r.total, 0, refundId);
    await new Promise((res) => setTimeout(res, 500));
    expect((await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).refundedAmount).toBe(r.total);
    expect(await refunds(r.id)).toHaveLength(1);
  });
});

test("when a paid reservation is cancelled more than an hour ahead, then 100 % is requested; refund.completed → REFUNDED; replays and a late payment.approved change nothing", async () => {
  const c = await customer();
  const r = await reserve(c, 4);
  await approve(r, c);
  await until(r.id, "CONFIRMED");
  const preview = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
  expect(preview.body).toMatchObject({ cancellable: true, outcome: "CANCEL_REQUESTED", refundPercent: 100, refundAmount: r.total });
  const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, {
    token: c.token,
    body: { reason: "일정 변경", expectedRefundAmount: r.total },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ refundAmount: r.total, reservation: { status: "CANCEL_REQUESTED" } });
  await waitFor(() => probe.of("refund.requested", r.id).length === 1, { timeoutMs: 10_000 });
  expect(probe.of("refund.requested", r.id)[0]!.body.data).toMatchObject({
    refundId: res.body.refundId,
    amount: r.total,
    requestedBy: { type: "CUSTOMER", id: c.sub },
  });
  expect(await slotReserved(r.slotId)).toBe(4);

  const paymentId = `pay${r.id.slice(4)}`;
  const done = await complete(r.id, res.body.refundId, r.total, paymentId);
  await until(r.id, "REFUNDED");
  expect(await slotReserved(r.slotId)).toBe(0);
  await complete(r.id, res.body.refundId, r.total, paymentId, done.id); // same event again
  await complete(r.id, res.body.refundId, r.total, paymentId); // same refund, new event id
  await approve(r, c); // the original payment's approval arriving late
  await new Promise((res) => setTimeout(res, 700));
  const after = await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } });
  expect(after).toMatchObject({ status: "REFUNDED", refundedAmount: r.total });
  expect(await slotReserved(r.slotId)).toBe(0);
  expect((await refunds(r.id)).length).toBe(1);
});

test("when a refund fails, then the reservation goes back to CONFIRMED and is flagged for staff", async () => {
  const c = await customer();
  const r = await reserve(c, 1);
  await approve(r, c);
  await until(r.id, "CONFIRMED");
  const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: c.token, body: { reason: "취소" } });
  expect(res.body.reservation.status).toBe("CANCEL_REQUESTED");
  const f = facts(r.id);
  await probe.publish("refund.failed", {
    refundId: res.body.refundId,
    reservationId: r.id,
    paymentId: `pay${r.id.slice(4)}`,
    amount: r.total,
    store: f.store,
    errorType: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
    reason: "PG 오류",
  });
  await until(r.id, "CONFIRMED");
  const alerts = await call(h.url, "GET", "/staff/alerts", { token: clerk.token });
  expect(alerts.status).toBe(200);
  expect(alerts.body).toEqual(expect.arrayContaining([expect.objectContaining({ reservationId: r.id, kind: "REFUND_FAILED" })]));
  expect(await slotReserved(r.slotId)).toBe(1);
});

test("when payment.failed arrives, then the hold continues and the reason is kept", async () => {
  const c = await customer();
  const r = await reserve(c, 1);
  const f = facts(r.id);
  const e = await probe.publish("payment.failed", {
    paymentId: "payX",
    reservationId: r.id,
    customer: f.customer,
    store: f.store,
    amount: r.total,
    currency: "KRW",
    code: "PG_DECLINED",
    reason: "카드 한도 초과",
  });
  await waitFor(async () => (await h.prisma.inboxEvent.count({ where: { eventId: e.id } })) === 1, { timeoutMs: 10_000 });
  expect(await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
    status: "PENDING_PAYMENT",
    lastPaymentError: "PG_DECLINED: 카드 한도 초과",
  });
});

describe("cancellation policy over HTTP", () => {
  test("when a reservation is made with the made-to-order consent, then its exact text, version and time are stored; before printing, even after the slot started, the refund is full", async () => {
    const c = await customer();
    const before = h.ctx.now();
    const r = await consented(c);
    const after = h.ctx.now();
    expect(r.notice.text).toContain("제17조 제2항 제6호");
    const row = await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({ madeToOrderConsentVersion: r.notice.version, madeToOrderConsentText: r.notice.text });
    expect(row.madeToOrderConsentAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(row.madeToOrderConsentAt!.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(r.body.madeToOrderConsent).toEqual({
      noticeVersion: r.notice.version,
      text: r.notice.text,
      acceptedAt: row.madeToOrderConsentAt!.toISOString(),
    });
    const audit = await h.prisma.auditLog.findFirstOrThrow({ where: { reservationId: r.id, toStatus: "PENDING_PAYMENT" } });
    expect(audit.reason).toContain(r.notice.version);

    await approve(r, c);
    await until(r.id, "CONFIRMED");
    const mine = await call(h.url, "GET", `/reservations/${r.id}`, { token: c.token });
    expect(mine.body.madeToOrderConsent).toMatchObject({ noticeVersion: r.notice.version });
    const start = (await h.prisma.slot.findUniqueOrThrow({ where: { id: r.slotId } })).startsAt.getTime();
    for (const minutesBefore of [61, 59, 0, -30]) {
      h.clock.offsetMs = start - minutesBefore * 60000 - Date.now();
      const p = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
      expect(p.body).toMatchObject({ refundPercent: 100, refundAmount: r.total, rule: "BEFORE_PRINTING" });
    }
    const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, {
      token: c.token,
      body: { reason: "일정 변경", expectedRefundAmount: r.total },
    });
    expect(res.body).toMatchObject({ refundAmount: r.total, reservation: { status: "CANCEL_REQUESTED" } });
    expect(await refunds(r.id)).toEqual([expect.objectContaining({ amount: r.total, kind: "CANCELLATION" })]);
  });

  test("when printing started under the consent, then the published deduction applies, and a preview that no longer holds is refused", async () => {
    const c = await customer();
    const r = await consented(c);
    await approve(r, c);
    await until(r.id, "CONFIRMED");
    const a = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
    expect(a.body).toMatchObject({ refundPercent: 100, refundAmount: r.total });
    await printing(r.id);
    const b = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
    expect(b.body).toMatchObject({ refundPercent: 50, refundAmount: Math.floor(r.total / 2), rule: "PRINTING" });
    const stale = await call(h.url, "POST", `/reservations/${r.id}/cancel`, {
      token: c.token,
      body: { reason: "x", expectedRefundAmount: r.total },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("REFUND_AMOUNT_CHANGED");
    expect(await status(r.id)).toBe("PRINTING");
  });

  test("when a reservation without the consent is cancelled after printing started, then withdrawal refunds it in full", async () => {
    const c = await customer();
    const r = await reserve(c, 1);
    expect(r.body.madeToOrderConsent).toBeNull();
    expect(await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      madeToOrderConsentVersion: null,
      madeToOrderConsentText: null,
      madeToOrderConsentAt: null,
    });
    await approve(r, c);
    await until(r.id, "CONFIRMED");
    await printing(r.id);
    const p = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
    expect(p.body).toMatchObject({ refundPercent: 100, refundAmount: r.total, rule: "WITHDRAWAL" });
    expect(p.body.message).toContain("청약철회");
    const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, {
      token: c.token,
      body: { reason: "마음이 바뀜", expectedRefundAmount: r.total },
    });
    expect(res.body).toMatchObject({ refundAmount: r.total, reservation: { status: "CANCEL_REQUESTED" } });
  });

  test("when the consent names a notice version that is not in force, then 409 CONSENT_NOTICE_CHANGED and nothing is reserved", async () => {
    const c = await customer();
    const up = await upload(h.url, c.token, await pdf(1));
    const slotId = nextSlot();
    const body = { storeId, slotId, items: [{ uploadId: up.body.id, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] };
    const res = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: { ...body, madeToOrderConsent: { noticeVersion: "2020-01-01.n1", accepted: true } },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({
      code: "CONSENT_NOTICE_CHANGED",
      currentNoticeVersion: (await call(h.url, "GET", "/refund-policy")).body.madeToOrderNotice.version,
    });
    const refused = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: { ...body, madeToOrderConsent: { noticeVersion: "x", accepted: false } },
    });
    expect(refused.status).toBe(400);
    expect(await h.prisma.reservation.count({ where: { slotId } })).toBe(0);
  });

  test("when READY under the consent, then the refund is 0, the cancel says so and no refund is requested", async () => {
    const c = await customer();
    const r = await consented(c);
    await approve(r, c);
    await until(r.id, "CONFIRMED");
    await printing(r.id);
    expect((await call(h.url, "POST", `/staff/reservations/${r.id}/ready`, { token: clerk.token })).status).toBe(200);
    const preview = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
    expect(preview.body).toMatchObject({ refundPercent: 0, refundAmount: 0, outcome: "CANCELLED" });
    expect(preview.body.message).toContain("0원");
    const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: c.token, body: { reason: "안 가요" } });
    expect(res.body).toMatchObject({ refundAmount: 0, refundId: null, reservation: { status: "CANCELLED" } });
    expect(await refunds(r.id)).toEqual([]);
    expect(
      await h.prisma.outboxEvent.count({ where: { type: "refund.requested", payload: { path: ["data", "reservationId"], equals: r.id } } }),
    ).toBe(0);
  });

  test("when an unpaid reservation is cancelled, then CANCELLED and its capacity is released; cancelling again is a no-op", async () => {
    const c = await customer();
    const r = await reserve(c, 2);
    const res = await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: c.token, body: { reason: "잘못 예약" } });
    expect(res.status).toBe(200);
    expect(res.body.reservation.status).toBe("CANCELLED");
    expect(await slotReserved(r.slotId)).toBe(0);
    const again = await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: c.token, body: { reason: "잘못 예약" } });
    expect(again.status).toBe(200);
    expect(await h.prisma.auditLog.count({ where: { reservationId: r.id, toStatus: "CANCELLED" } })).toBe(1);
    const other = await customer();
    expect((await call(h.url, "POST", `/reservations/${r.id}/cancel`, { token: other.token, body: { reason: "x" } })).status).toBe(404);
  });
});

describe("staff", () => {
  test("when staff print, mark ready and hand over with the pickup code, then each step is audited and READY / PICKED_UP are announced", async () => {
    const c = await customer();
    const r = await reserve(c, 2);
    await approve(r, c);
    await until(r.id, "CONFIRMED");
    const code = (await call(h.url, "GET", `/reservations/${r.id}`, { token: c.token })).body.pickupCode;
    const date = (await h.prisma.slot.findUniqueOrThrow({ where: { id: r.slotId } })).startsAt;
    const queue = await call(
      h.url,
      "GET",
      `/staff/reservations?date=${new Date(date.getTime() + 9 * 3600_000).toISOString().slice(0, 10)}`,
      { token: clerk.token },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.slots.find((s: any) => s.slot.id === r.slotId).reservations.map((x: any) => x.id)).toContain(r.id);

    const tooEarly = await call(h.url, "POST", `/staff/reservations/${r.id}/ready`, { token: clerk.token });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe("INVALID_STATE");
    expect((await call(h.url, "POST", `/staff/reservations/${r.id}/printing`, { token: clerk.token })).body.status).toBe("PRINTING");
    expect((await call(h.url, "POST", `/staff/reservations/${r.id}/printing`, { token: clerk.token })).status).toBe(200); // replay: no-op
    expect((await call(h.url, "POST", `/staff/reservations/${r.id}/ready`, { token: clerk.token })).body.status).toBe("READY");
    const wrong = await call(h.url, "POST", `/staff/reservations/${r.id}/picked-up`, {
      token: clerk.token,
      body: { pickupCode: code === "000000" ? "111111" : "000000" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe("PICKUP_CODE_MISMATCH");
    const ok = await call(h.url, "POST", `/staff/reservations/${r.id}/picked-up`, { token: clerk.token, body: { pickupCode: code } });
    expect(ok.body.status).toBe("PICKED_UP");
    const audit = await h.prisma.auditLog.findMany({ where: { reservationId: r.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => `${a.fromStatus}->${a.toStatus}:${a.actorType}`)).toEqual([
      "null->PENDING_PAYMENT:CUSTOMER",
      "PENDING_PAYMENT->CONFIRMED:SYSTEM",
      "CONFIRMED->PRINTING:STAFF",
      "PRINTING->READY:STAFF",
      "READY->PICKED_UP:STAFF",
    ]);
    expect(audit[2]!.actorId).toBe(clerk.sub);
    await waitFor(() => probe.of("reservation.ready", r.id).length === 1 && probe.of("reservation.picked-up", r.id).length === 1, {
      timeoutMs: 10_000,
    });
    expect(probe.of("reservation.ready", r.id)[0]!.body.data.pickupCode).toBe(code);
    expect(await slotReserved(r.slotId)).toBe(0);
  });

  test("when staff refund part of a payment, then refund.requested carries amount, reason and actor, and never more than paid minus refunded", async () => {
    const c = await customer();
    const r = await reserve(c, 10);
    await approve(r, c);
    await until(r.id, "CONFIRMED");
    const over = await call(h.url, "POST", `/staff/reservations/${r.id}/refund`, {
      token: clerk.token,
      body: { amount: r.total + 1, reason: "x" },
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe("REFUND_EXCEEDS_PAID");
    const part = await call(h.url, "POST", `/staff/reservations/${r.id}/refund`, {
      token: clerk.token,
      body: { amount: 300, reason: "인쇄 불량 3장" },
    });
    expect(part.status).toBe(202);
    expect(part.body).toMatchObject({ amount: 300, remainingRefundable: r.total - 300 });
    await waitFor(() => probe.of("refund.requested", r.id).length === 1, { timeoutMs: 10_000 });
    expect(probe.of("refund.requested", r.id)[0]!.body.data).toMatchObject({
      amount: 300,
      reason: "인쇄 불량 3장",
      requestedBy: { type: "STAFF", id: clerk.sub },
    });
    const rest = await call(h.url, "POST", `/staff/reservations/${r.id}/refund`, {
      token: clerk.token,
      body: { amount: r.total - 299, reason: "x" },
    });
    expect(rest.status).toBe(422);
    await complete(r.id, part.body.refundId, 300, `pay${r.id.slice(4)}`);
    await waitFor(async () => (await h.prisma.reservation.findUniqueOrThrow({ where: { id: r.id } })).refundedAmount === 300, {
      timeoutMs: 10_000,
    });
    expect(await status(r.id)).toBe("CONFIRMED");
    const preview = await call(h.url, "GET", `/reservations/${r.id}/cancel-preview`, { token: c.token });
    expect(preview.body).toMatchObject({ refundAmount: r.total - 300, alreadyRefunded: 300 });
  });

  test("when staff of the store download a reserved file, then they get the PDF; other stores and customers cannot", async () => {
    const c = await customer();
    const r = await reserve(c, 3);
    const file = await fetch(`${h.url}/staff/reservations/${r.id}/files/${r.uploadId}`, {
      headers: { authorization: `Bearer ${clerk.token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const elsewhere = await staff("sto_other");
    expect((await call(h.url, "GET", `/staff/reservations/${r.id}/files/${r.uploadId}`, { token: elsewhere.token })).status).toBe(404);
    const other = await customer();
    expect((await call(h.url, "GET", `/uploads/${r.uploadId}/file`, { token: other.token })).status).toBe(404);
    expect((await fetch(`${h.url}/uploads/${r.uploadId}/file`, { headers: { authorization: `Bearer ${c.token}` } })).status).toBe(200);
    expect((await call(h.url, "GET", `/staff/reservations/${r.id}/files/${r.uploadId}`, { token: c.token })).status).toBe(403);
  });
});

test("when the payment service asks for a reservation with a service token, then it gets the amount of record; user tokens are refused", async () => {
  const c = await customer("이서준");
  const r = await reserve(c, 2);
  const res = await call(h.url, "GET", `/internal/reservations/${r.id}`, { token: await serviceToken() });
  expect(res.status).toBe(200);
  // the shape of @preprint/contracts internalReservation: customerId is the owner, totalAmount the amount of record
  expect(internalReservation.parse(res.body)).toStrictEqual(res.body);
  expect(res.body).toMatchObject({
    id: r.id,
    customerId: c.sub,
    status: "PENDING_PAYMENT",
    totalAmount: r.total,
    currency: "KRW",
    customer: { id: c.sub, name: "이서준", email: `${c.sub}@example.com`, phone: "010-1234-5678" },
    store: { id: storeId, timeZone: "Asia/Seoul" },
    slot: { id: r.slotId },
  });
  expect(res.body.orderName).toContain("인쇄");
  expect((await call(h.url, "GET", `/internal/reservations/${r.id}`, { token: c.token })).status).toBe(401);
  expect((await call(h.url, "GET", `/internal/reservations/${r.id}`)).status).toBe(401);
});

test("when readiness is asked, then the database is checked", async () => {
  const res = await call(h.url, "GET", "/health/ready");
  expect(res.status).toBe(200);
  expect(res.body.checks.database.status).toBe("up");
});
