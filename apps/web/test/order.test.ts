/** Status changes are kept per reservation by `at`, not by the order the stream delivers them. */
import { latestStatuses, recordIfNewer, type StatusChange } from "../src/live/order";

const change = (to: string, at: string, reservationId = "rsv_1"): StatusChange => ({ reservationId, to, at });

describe("status changes from the live stream", () => {
  test("when a later change arrives before an earlier one, then the later one is kept", () => {
    const latest = new Map<string, StatusChange>();
    expect(recordIfNewer(latest, change("READY", "2026-03-02T10:00:02.000Z"))).toBe(true);
    expect(recordIfNewer(latest, change("PRINTING", "2026-03-02T10:00:01.000Z"))).toBe(false);
    expect(latest.get("rsv_1")?.to).toBe("READY");
  });

  test("when changes arrive in order, then each replaces the one before", () => {
    const latest = new Map<string, StatusChange>();
    expect(recordIfNewer(latest, change("PRINTING", "2026-03-02T10:00:01.000Z"))).toBe(true);
    expect(recordIfNewer(latest, change("READY", "2026-03-02T10:00:01.001Z"))).toBe(true);
    expect(latest.get("rsv_1")?.to).toBe("READY");
  });

  test("when a batch mixes reservations and orders, then each reservation ends at its latest change; a change without a valid time is ignored", () => {
    const latest = latestStatuses([
      change("PICKED_UP", "2026-03-02T10:05:00Z", "a"),
      change("CONFIRMED", "2026-03-02T10:00:00Z", "b"),
      change("READY", "2026-03-02T10:03:00Z", "a"),
      change("REFUNDED", "not a time", "b"),
      change("PRINTING", "2026-03-02T10:01:00+09:00", "a"), // 01:01Z, earliest of all
    ]);
    expect(Object.fromEntries([...latest].map(([id, c]) => [id, c.to]))).toEqual({ a: "PICKED_UP", b: "CONFIRMED" });
  });
});
