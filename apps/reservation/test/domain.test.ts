import { reservationStatus, type ReservationStatus } from "@preprint/contracts";
import { loadReservationConfig } from "../src/config";
import { COMMANDS, IllegalTransitionError, transition, type Command } from "../src/domain/lifecycle";
import { priceOrder, tableInForce } from "../src/domain/pricing";
import { DEFAULT_REFUND_POLICY, madeToOrderNotice, madeToOrderNoticeVersion, policySummary, refundFor } from "../src/domain/refund-policy";
import { bookableSlots, findBookableSlot, slotsOfDay } from "../src/domain/slots";
import { zonedToUtc } from "../src/domain/time";
import { testEnv } from "./helpers";

const ALL = reservationStatus.options as ReservationStatus[];

/** the reservation lifecycle (apps/reservation/README.md), command by command: from → to */
const LEGAL: Record<Command, Partial<Record<ReservationStatus, ReservationStatus>>> = {
  PAYMENT_APPROVED: { PENDING_PAYMENT: "CONFIRMED" },
  EXPIRE: { PENDING_PAYMENT: "EXPIRED" },
  CANCEL_UNPAID: { PENDING_PAYMENT: "CANCELLED" },
  CANCEL_PAID: { CONFIRMED: "CANCEL_REQUESTED", PRINTING: "CANCEL_REQUESTED", READY: "CANCEL_REQUESTED" },
  CANCEL_PAID_NO_REFUND: { CONFIRMED: "CANCELLED", PRINTING: "CANCELLED", READY: "CANCELLED" },
  START_PRINTING: { CONFIRMED: "PRINTING" },
  MARK_READY: { PRINTING: "READY" },
  PICK_UP: { READY: "PICKED_UP" },
  REFUND_COMPLETED: { CANCEL_REQUESTED: "REFUNDED" },
  REFUND_FAILED: { CANCEL_REQUESTED: "CONFIRMED" },
  COMPENSATE_LATE_PAYMENT: { EXPIRED: "CANCEL_REQUESTED" },
  LATE_PAYMENT_RETAKEN: { EXPIRED: "CONFIRMED" },
  EXTERNAL_FULL_REFUND: {
    CONFIRMED: "REFUNDED",
    PRINTING: "REFUNDED",
    READY: "REFUNDED",
    PICKED_UP: "REFUNDED",
    CANCEL_REQUESTED: "REFUNDED",
  },
};

describe("reservation state machine", () => {
  const cases = COMMANDS.flatMap((command) => ALL.map((status) => [command, status] as const));
  test.each(cases)("when %s is applied to %s, then it moves, is a no-op replay, or throws as the lifecycle says", (command, status) => {
    const to = LEGAL[command][status];
    if (to) {
      expect(transition(status, command, "CONFIRMED")).toEqual({ kind: "move", from: status, to });
      return;
    }
    const target = Object.values(LEGAL[command])[0];
    if (command !== "REFUND_FAILED" && status === target) {
      expect(transition(status, command)).toEqual({ kind: "noop", status });
      return;
    }
    expect(() => transition(status, command, "CONFIRMED")).toThrow(IllegalTransitionError);
  });

  test("when a refund fails, then the reservation returns to the status it had before the cancel request", () => {
    expect(transition("CANCEL_REQUESTED", "REFUND_FAILED", "READY")).toEqual({ kind: "move", from: "CANCEL_REQUESTED", to: "READY" });
    expect(transition("CANCEL_REQUESTED", "REFUND_FAILED", "EXPIRED")).toEqual({ kind: "move", from: "CANCEL_REQUESTED", to: "EXPIRED" });
    expect(() => transition("CANCEL_REQUESTED", "REFUND_FAILED", null)).toThrow(IllegalTransitionError);
  });
});

describe("refund policy (전자상거래법 §17)", () => {
  const notice = madeToOrderNoticeVersion(DEFAULT_REFUND_POLICY);
  const paid = { paidAmount: 3_333, refundedAmount: 0 };
  // status × consent → percent, rule: deductions only once printing started and only with the consent
  const TABLE: ["CONFIRMED" | "PRINTING" | "READY", string | null, number, string][] = [
    ["CONFIRMED", null, 100, "BEFORE_PRINTING"],
    ["CONFIRMED", notice, 100, "BEFORE_PRINTING"],
    ["PRINTING", null, 100, "WITHDRAWAL"],
    ["PRINTING", notice, 50, "PRINTING"],
    ["PRINTING", "2020-01-01.n1", 100, "WITHDRAWAL"],
    ["READY", null, 100, "WITHDRAWAL"],
    ["READY", notice, 0, "READY"],
    ["READY", "2020-01-01.n1", 100, "WITHDRAWAL"],
  ];
  test.each(TABLE)("when %s with consent %s is cancelled, then %i %% (%s)", (status, consent, percent, rule) => {
    const d = refundFor(DEFAULT_REFUND_POLICY, { ...paid, status, madeToOrderConsentVersion: consent });
    expect(d).toEqual({ percent, rule, refundableBase: 3_333, amount: Math.floor((3_333 * percent) / 100) });
  });
  test("when printing started under the consent, then the percentage rounds down to the won", () => {
    expect(refundFor(DEFAULT_REFUND_POLICY, { ...paid, status: "PRINTING", madeToOrderConsentVersion: notice }).amount).toBe(1_666);
  });
  test("when staff already refunded part, then the percentage applies to what remains", () => {
    expect(
      refundFor(DEFAULT_REFUND_POLICY, { ...paid, refundedAmount: 1_333, status: "CONFIRMED", madeToOrderConsentVersion: null }),
    ).toMatchObject({
      amount: 2_000,
      refundableBase: 2_000,
    });
  });
  test("when a snapshot of the older shape (time tiers below 100 %) is read, then before printing is still a full refund", () => {
    const old = {
      version: "2026-11-01",
      tiers: [{ minMinutesBefore: 0, percent: 50 }],
      afterStartPercent: 50,
      printingPercent: 50,
      readyPercent: 0,
    };
    expect(refundFor(old, { ...paid, status: "CONFIRMED", madeToOrderConsentVersion: null }).percent).toBe(100);
    expect(refundFor(old, { ...paid, status: "PRINTING", madeToOrderConsentVersion: null }).percent).toBe(100);
  });
  test("when the notice is rendered, then it cites §17②6 and 시행령 §21, names the deductions, and its version changes with the policy", () => {
    const n = madeToOrderNotice(DEFAULT_REFUND_POLICY);
    expect(n.text).toContain("제17조 제2항 제6호");
    expect(n.text).toContain("시행령 제21조");
    expect(n.text).toContain("인쇄가 시작된 뒤 취소: 결제 금액의 50%가 환불됩니다");
    expect(n.text).toContain("인쇄 완료(수령 대기) 뒤 취소: 환불되지 않습니다");
    expect(n.version).not.toBe(madeToOrderNotice({ ...DEFAULT_REFUND_POLICY, version: "2027-01-01" }).version);
  });
  test("when the published summary is read, then it states the 7-day withdrawal right and the full refund before printing", () => {
    const lines = policySummary(DEFAULT_REFUND_POLICY).join("\n");
    expect(lines).toContain("7일");
    expect(lines).toContain("제17조 제1항");
    expect(lines).toContain("인쇄 시작 전: 언제든 전액 환불");
  });
  test("when REFUND_POLICY_JSON deducts anything before printing, then start-up refuses it naming the rule", () => {
    const env = (json: object) => testEnv({ REFUND_POLICY_JSON: JSON.stringify(json) });
    expect(() =>
      loadReservationConfig(
        env({
          version: "v",
          tiers: [{ minMinutesBefore: 0, percent: 50, label: "x" }],
          afterStartPercent: 100,
          printingPercent: 50,
          readyPercent: 0,
        }),
      ),
    ).toThrow(/before printing/);
    expect(() => loadReservationConfig(env({ version: "v", afterStartPercent: 90, printingPercent: 50, readyPercent: 0 }))).toThrow(
      /before printing/,
    );
    expect(loadReservationConfig(env({ version: "v", printingPercent: 30, readyPercent: 10 })).REFUND_POLICY_JSON).toEqual({
      version: "v",
      printingPercent: 30,
      readyPercent: 10,
    });
  });
});

describe("pricing", () => {
  const table = {
    id: "t",
    effectiveFrom: new Date(0),
    duplexRule: "PER_SHEET" as const,
    minimumCharge: 500,
    entries: [{ colorMode: "MONO" as const, paperSize: "A4" as const, pricePerPage: 100, pricePerDuplexSheet: 180 }],
  };
  test("when a 7-page document is printed duplex twice, then 4 sheets × 180 × 2 = 1440 won and 14 printed pages", () => {
    const q = priceOrder(table, [
      { uploadId: "u", fileName: "a.pdf", pages: 7, colorMode: "MONO", paperSize: "A4", duplex: true, copies: 2 },
    ]);
    expect(q).toMatchObject({ totalAmount: 1440, printedPages: 14, minimumChargeTopUp: 0 });
    expect(Number.isInteger(q.totalAmount)).toBe(true);
  });
  test("when two tables exist, then the latest effective one not after the moment applies", () => {
    const a = { effectiveFrom: new Date("2026-01-01T00:00:00Z"), id: "a" };
    const b = { effectiveFrom: new Date("2026-12-01T00:00:00Z"), id: "b" };
    expect(tableInForce([a, b], new Date("2026-11-30T23:59:59Z"))?.id).toBe("a");
    expect(tableInForce([a, b], new Date("2026-12-01T00:00:00Z"))?.id).toBe("b");
    expect(tableInForce([b], new Date("2026-01-02T00:00:00Z"))).toBeUndefined();
  });
});

describe("slots", () => {
  const store = {
    id: "s1",
    timeZone: "Asia/Seoul",
    openingHours: { "2": [{ open: "09:00", close: "10:45" }] },
    slotMinutes: 30,
    capacityPages: 50,
    leadMinutes: 30,
    bookingDays: 14,
  };
  test("when a Tuesday opens 09:00–10:45 with 30-minute slots, then three whole slots in KST are offered", () => {
    const s = slotsOfDay(store, "2026-12-01"); // a Tuesday
    expect(s.map((x) => x.startsAt.toISOString())).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2026-12-01T00:30:00.000Z",
      "2026-12-01T01:00:00.000Z",
    ]);
    expect(s[0]!.id).toBe("slt_s1_20261201T0000Z");
  });
  test("when the lead time covers the first slot, then it is not bookable and cannot be found by id", () => {
    const now = new Date("2026-11-30T23:40:00Z"); // 08:40 KST
    expect(bookableSlots(store, "2026-12-01", now).map((s) => s.id)).toEqual(["slt_s1_20261201T0030Z", "slt_s1_20261201T0100Z"]);
    expect(findBookableSlot(store, "slt_s1_20261201T0000Z", now)).toBeUndefined();
    expect(findBookableSlot(store, "slt_s1_20261201T0030Z", now)?.capacity).toBe(50);
  });
  test("when the day is closed or beyond the booking horizon, then none", () => {
    const now = new Date("2026-11-30T00:00:00Z");
    expect(bookableSlots(store, "2026-12-02", now)).toEqual([]);
    expect(bookableSlots(store, "2026-12-29", now)).toEqual([]);
  });
  test("when a zone has daylight saving, then local opening hours map to the right UTC instant", () => {
    expect(zonedToUtc("2026-07-01", 9 * 60, "Europe/Berlin").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(zonedToUtc("2026-12-01", 9 * 60, "Europe/Berlin").toISOString()).toBe("2026-12-01T08:00:00.000Z");
  });
});
