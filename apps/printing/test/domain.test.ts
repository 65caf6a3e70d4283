import { applyAgentEvent, type AgentEvent, type JobSnapshot } from "../src/domain/job-state";
import { kioskRetryAfter } from "../src/domain/kiosk-limit";
import { maskName } from "../src/domain/mask";
import { codeIsUsable } from "../src/domain/print-mode";
import { progressOf } from "../src/domain/progress";

const job = (o: Partial<JobSnapshot> = {}): JobSnapshot => ({
  status: "SENT",
  attempt: 1,
  lastSeq: 0,
  cancelRequested: false,
  impressionsPrinted: 0,
  retryLimit: 2,
  ...o,
});
const ev = (o: Partial<AgentEvent> = {}): AgentEvent => ({
  attempt: 1,
  seq: 1,
  state: "received",
  reasons: [],
  impressionsCompleted: 0,
  ...o,
});

describe("a job's outcome from an agent event", () => {
  it("when nothing printed and tries are left, then retry; when none are left, a refundable failure", () => {
    expect(applyAgentEvent(job(), ev({ state: "aborted" }))).toEqual({ kind: "retry", nextAttempt: 2, reason: "ABORTED" });
    expect(applyAgentEvent(job({ attempt: 3 }), ev({ attempt: 3, state: "canceled" }))).toEqual({
      kind: "failed",
      impressionsPrinted: 0,
      reason: "CANCELED",
      refundable: true,
    });
  });

  it("when pages were printed, or the outcome is unknown, then a failure for staff, never a retry or a refund", () => {
    expect(applyAgentEvent(job(), ev({ state: "aborted", impressionsCompleted: 4 }))).toMatchObject({
      kind: "failed",
      refundable: false,
      impressionsPrinted: 4,
    });
    expect(applyAgentEvent(job(), ev({ state: "unknown" }))).toMatchObject({
      kind: "failed",
      refundable: false,
      reason: "OUTCOME_UNKNOWN",
    });
  });

  it("when the event is of another attempt, out of order, or the job is final, then it is ignored", () => {
    expect(applyAgentEvent(job({ attempt: 2 }), ev({ attempt: 1, state: "completed" }))).toEqual({ kind: "ignore" });
    expect(applyAgentEvent(job({ lastSeq: 3 }), ev({ seq: 3, state: "completed" }))).toEqual({ kind: "ignore" });
    expect(applyAgentEvent(job({ status: "COMPLETED" }), ev({ seq: 9, state: "aborted" }))).toEqual({ kind: "ignore" });
  });

  it("when the cloud asked for the cancel, then the end is a cancel, not a retry", () => {
    expect(applyAgentEvent(job({ cancelRequested: true }), ev({ state: "canceled" }))).toEqual({ kind: "canceled", impressionsPrinted: 0 });
  });
});

describe("small rules", () => {
  it("masks names for a public screen", () => {
    expect(maskName("김민지")).toBe("김*지");
    expect(maskName("이훈")).toBe("이*");
    expect(maskName("Alex Kim")).toBe("A******m");
  });

  it("counts five tries in a rolling minute", () => {
    const now = new Date("2026-12-07T03:00:30Z");
    const tries = [0, 5, 10, 15, 20].map((s) => new Date(Date.parse("2026-12-07T03:00:00Z") + s * 1000));
    expect(kioskRetryAfter(tries.slice(0, 4), now)).toBe(0);
    expect(kioskRetryAfter(tries, now)).toBe(30);
  });

  it("opens a code on the slot's day in the store's time zone, until the window ends", () => {
    const r = {
      status: "WAITING",
      slotStartsAt: new Date("2026-12-07T14:30:00Z"),
      slotEndsAt: new Date("2026-12-07T15:00:00Z"),
      storeTimeZone: "Asia/Seoul",
      purgeAfter: new Date("2026-12-08T15:00:00Z"),
    };
    // the slot is 23:30–24:00 in Seoul on the 7th (14:30Z)
    expect(codeIsUsable(r, new Date("2026-12-06T10:00:00Z"))).toBe(false); // 19:00 on the 6th: another day
    expect(codeIsUsable(r, new Date("2026-12-07T10:00:00Z"))).toBe(true); // 19:00 on the 7th: today
    expect(codeIsUsable({ ...r, status: "REFUNDED" }, new Date("2026-12-07T15:30:00Z"))).toBe(false);
    expect(codeIsUsable(r, new Date("2026-12-07T15:30:00Z"))).toBe(true); // after the slot, within the window
    expect(codeIsUsable(r, new Date("2026-12-08T15:00:00Z"))).toBe(false);
  });

  it("sums up a reservation's progress", () => {
    expect(progressOf(["COMPLETED", "PRINTING"])).toBe("PRINTING");
    expect(progressOf(["COMPLETED", "FAILED"])).toBe("NEEDS_STAFF");
    expect(progressOf(["READY", "HELD"])).toBe("QUEUED");
    expect(progressOf(["COMPLETED"])).toBe("COMPLETED");
  });
});
