import { createEvent, parseEvent } from "../src";

const store = { id: "sto_1", name: "프리프린트 강남점", timeZone: "Asia/Seoul" };

describe("print events", () => {
  it("when print.failed is built and read back, then it round-trips with its refund flag and counts", () => {
    const event = createEvent(
      "print.failed",
      {
        jobId: "pj_1",
        reservationId: "rsv_1",
        store,
        attempt: 3,
        impressionsPrinted: 0,
        impressionsPaid: 24,
        reason: "ABORTED",
        printerReasons: ["aborted-by-system"],
        refundable: true,
        failedAt: new Date().toISOString(),
      },
      { source: "printing" },
    );
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it("when a print event misses its counts or has an unknown purge reason, then the error names the field", () => {
    expect(() =>
      createEvent(
        "print.completed",
        { jobId: "pj_1", reservationId: "rsv_1", store, attempt: 1, impressionsPaid: 2, completedAt: new Date().toISOString() } as never,
        { source: "printing" },
      ),
    ).toThrow(/data\.impressionsPrinted/);
    expect(() =>
      createEvent(
        "print.purged",
        { reservationId: "rsv_1", storeId: "sto_1", jobIds: [], reason: "LOST", purgedAt: new Date().toISOString() } as never,
        { source: "printing" },
      ),
    ).toThrow(/data\.reason/);
  });
});
