import { createEvent, eventCatalog, eventTypes, EventValidationError, newId, parseEvent, ulid, uuidv7 } from "../src";

const customer = { id: "usr_1", name: "김민지", email: "minji@example.com" };
const store = { id: "sto_1", name: "프리프린트 신촌점", timeZone: "Asia/Seoul" };

describe("event contracts", () => {
  it("when an event is created with a valid payload, then it round-trips through parseEvent", () => {
    const event = createEvent(
      "payment.approved",
      {
        paymentId: "pay01",
        reservationId: "rsv_1",
        customerId: "usr_1",
        amount: 1200,
        currency: "KRW",
        method: "CARD",
        approvedAt: new Date().toISOString(),
      },
      { source: "payment" },
    );
    expect(event.version).toBe(1);
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it("when a payload has a wrong field, then the error names that field", () => {
    expect(() =>
      createEvent(
        "refund.failed",
        { refundId: "r", reservationId: "x", paymentId: "p", amount: 1.5, store, errorType: "X", reason: "" } as never,
        { source: "payment" },
      ),
    ).toThrow(/data\.amount/);
  });

  it("when a consumed message has a bad nested field, then parseEvent throws naming the path", () => {
    const raw = {
      id: uuidv7(),
      type: "reservation.ready",
      version: 1,
      occurredAt: new Date().toISOString(),
      source: "reservation",
      data: { reservationId: "rsv_1", customer: { ...customer, email: "nope" }, store, slot: {}, pickupCode: "123456" },
    };
    try {
      parseEvent(raw);
      throw new Error("expected failure");
    } catch (e) {
      expect(e).toBeInstanceOf(EventValidationError);
      expect((e as Error).message).toContain("data.customer.email");
      expect((e as Error).message).toContain("data.slot.id");
    }
  });

  it("when the type is unknown or the version is newer, then parseEvent refuses it", () => {
    const base = { id: "1", occurredAt: new Date().toISOString(), source: "x", data: {} };
    expect(() => parseEvent({ ...base, type: "order.shipped", version: 1 })).toThrow(/unknown event type/);
    expect(() => parseEvent({ ...base, type: "reservation.ready", version: 2 })).toThrow(/version/);
    expect(() => parseEvent("not an object")).toThrow(EventValidationError);
  });

  it("declares every event of the minimum set (docs/conventions.md) with a version", () => {
    for (const t of [
      "reservation.created",
      "reservation.confirmed",
      "reservation.expired",
      "reservation.ready",
      "reservation.picked-up",
      "payment.approved",
      "payment.failed",
      "refund.requested",
      "refund.completed",
      "refund.failed",
    ]) {
      expect(eventTypes).toContain(t);
      expect(eventCatalog[t as keyof typeof eventCatalog].version).toBeGreaterThan(0);
    }
  });

  it("makes ids that fit PortOne's Smartro rule and sort by time", () => {
    const pay = newId("pay", false);
    expect(pay).toMatch(/^[A-Za-z0-9]{1,40}$/);
    expect(ulid(1000) < ulid(2000)).toBe(true);
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("when refund.completed carries an external origin, then it round-trips, and a v1 event without it still parses (an optional field added within the version)", () => {
    const base = {
      refundId: "rfd_1",
      reservationId: "rsv_1",
      paymentId: "pay01",
      amount: 1000,
      currency: "KRW" as const,
      cancellationId: "c1",
      remainingAmount: 0,
      customer,
      store,
      completedAt: new Date().toISOString(),
    };
    const external = createEvent(
      "refund.completed",
      { ...base, origin: "EXTERNAL", externalActor: "PORTONE_CONSOLE", reason: "콘솔 환불" },
      { source: "payment" },
    );
    expect(parseEvent(JSON.parse(JSON.stringify(external))).data).toMatchObject({ origin: "EXTERNAL", externalActor: "PORTONE_CONSOLE" });
    const old = createEvent("refund.completed", base, { source: "payment" });
    expect(parseEvent(JSON.parse(JSON.stringify(old))).data).not.toHaveProperty("origin");
  });

  it("when a refund reason is longer than REFUND_REASON_MAX, then the event is refused naming data.reason", () => {
    const data = {
      refundId: "rfd_1",
      reservationId: "rsv_1",
      paymentId: "pay01",
      amount: 1000,
      reason: "가".repeat(501),
      requestedBy: { type: "STAFF" as const },
    };
    expect(() => createEvent("refund.requested", data, { source: "reservation" })).toThrow(/data\.reason/);
    expect(() => createEvent("refund.requested", { ...data, reason: "가".repeat(500) }, { source: "reservation" })).not.toThrow();
  });
});
