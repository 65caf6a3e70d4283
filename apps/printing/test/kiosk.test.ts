import { createEvent, newId } from "@preprint/contracts";
import { waitFor } from "@preprint/test-support";
import {
  call,
  confirmedReservation,
  item,
  jobsOf,
  OTHER_STORE,
  outbox,
  registerDevice,
  setRules,
  startRig,
  STORE,
  type Rig,
} from "./harness";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 60_000);
afterAll(() => rig?.dispose());

const release = (token: string, pickupCode: string) => call(rig, "POST", "/api/kiosk/release", { token, body: { pickupCode } });

describe("reservation.confirmed → print jobs", () => {
  it("when a reservation is confirmed, then one held job per item is made, once even when the event comes twice", async () => {
    const items = [item({ fileName: "a.pdf", pages: 3, copies: 2 }), item({ fileName: "b.pdf", pages: 1, copies: 1, colorMode: "COLOR" })];
    const { reservationId, event } = await confirmedReservation(rig, { items });
    const jobs = await jobsOf(rig, reservationId);
    expect(jobs.map((j) => [j.fileName, j.status, j.attempt, j.impressionsPaid])).toEqual([
      ["a.pdf", "HELD", 1, 6],
      ["b.pdf", "HELD", 1, 1],
    ]);
    await rig.publish(event);
    await waitFor(async () => (await rig.service.prisma.inboxEvent.count({ where: { eventId: event.id } })) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await jobsOf(rig, reservationId)).toHaveLength(2);
    const stored = await rig.service.prisma.printReservation.findUniqueOrThrow({ where: { id: reservationId } });
    expect(stored.pickupCodeHash).not.toContain("048213");
  });

  it("when the store prints ahead and the slot is near, then the jobs go to the agents at once with print.requested", async () => {
    const store = { id: newId("sto"), name: "프리프린트 선릉점", timeZone: "Asia/Seoul" };
    await setRules(rig, store.id, { printMode: "PRINT_AHEAD", printAheadMinutes: 90 });
    const { reservationId } = await confirmedReservation(rig, { store });
    const jobs = await jobsOf(rig, reservationId);
    expect(jobs.map((j) => j.status)).toEqual(["READY"]);
    expect((await outbox(rig, "print.requested")).filter((e) => e.reservationId === reservationId)).toHaveLength(1);
  });

  it("when the store prints ahead and the slot is later, then the dispatch job sends them when their time comes", async () => {
    const store = { id: newId("sto"), name: "프리프린트 역삼점", timeZone: "Asia/Seoul" };
    await setRules(rig, store.id, { printMode: "PRINT_AHEAD", printAheadMinutes: 15 });
    const { reservationId } = await confirmedReservation(rig, { store });
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["HELD"]);
    rig.clock.now = new Date(new Date("2026-12-07T04:00:00.000Z").getTime() - 15 * 60_000);
    try {
      await rig.service.jobs.get("print-ahead-dispatch").runOnce();
    } finally {
      rig.clock.now = new Date("2026-12-07T03:00:00.000Z");
    }
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["READY"]);
  });
});

describe("the kiosk", () => {
  it("when the right code is entered, then 202 with the items, the jobs are released, and the kiosk sees progress with the name masked", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    const { reservationId } = await confirmedReservation(rig, { pickupCode: "111222", customerName: "김민지" });
    const res = await release(kiosk.token, "111222");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ reservationId, status: "QUEUED", customerName: "김*지" });
    expect(res.body.items).toHaveLength(1);
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["READY"]);
    expect((await outbox(rig, "print.requested")).filter((e) => e.reservationId === reservationId)).toHaveLength(1);

    // entered again: same answer, nothing dispatched twice
    const again = await release(kiosk.token, "111222");
    expect(again.status).toBe(202);
    expect((await outbox(rig, "print.requested")).filter((e) => e.reservationId === reservationId)).toHaveLength(1);

    const shown = await call(rig, "GET", `/api/kiosk/reservations/${reservationId}`, { token: kiosk.token });
    expect(shown.status).toBe(200);
    expect(shown.body.customerName).toBe("김*지");
    expect(JSON.stringify(shown.body)).not.toContain("김민지");
  });

  it("when a wrong code is entered, then 404; a code of another store's reservation does not open it here", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    const otherKiosk = await registerDevice(rig, "KIOSK", OTHER_STORE.id);
    const { reservationId } = await confirmedReservation(rig, { pickupCode: "333444" });
    const wrong = await release(kiosk.token, "999999");
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe("PICKUP_CODE_NOT_FOUND");
    expect((await release(otherKiosk.token, "333444")).status).toBe(404);
    expect((await call(rig, "GET", `/api/kiosk/reservations/${reservationId}`, { token: otherKiosk.token })).status).toBe(404);
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["HELD"]);
    // not a code at all
    expect((await release(kiosk.token, "12ab")).status).toBe(400);
  });

  it("when a kiosk tries six codes within a minute, then the sixth is 429 with Retry-After, even a right one; a minute later it works", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    const { reservationId } = await confirmedReservation(rig, { pickupCode: "555666" });
    const tries = await Promise.all(["000001", "000002", "000003", "000004", "000005"].map((c) => release(kiosk.token, c)));
    expect(tries.map((t) => t.status)).toEqual([404, 404, 404, 404, 404]);
    const sixth = await release(kiosk.token, "555666");
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe("TOO_MANY_CODE_TRIES");
    const retryAfter = Number(sixth.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["HELD"]);

    // another kiosk of the store is not held back by this one
    const other = await registerDevice(rig, "KIOSK");
    expect((await release(other.token, "000009")).status).toBe(404);

    rig.clock.now = new Date(rig.clock.now.getTime() + 61_000);
    try {
      expect((await release(kiosk.token, "555666")).status).toBe(202);
    } finally {
      rig.clock.now = new Date("2026-12-07T03:00:00.000Z");
    }
  });

  it("when the reservation was refunded in full, then its code is void and its held jobs are canceled", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    const { reservationId } = await confirmedReservation(rig, { pickupCode: "777888" });
    await rig.publish(
      createEvent(
        "refund.completed",
        {
          refundId: newId("rfd"),
          reservationId,
          paymentId: "pay01TEST",
          amount: 12_300,
          currency: "KRW",
          cancellationId: "cxl_1",
          remainingAmount: 0,
          customer: { id: "usr_1", name: "김민지", email: "minji@example.com" },
          store: STORE,
          completedAt: new Date().toISOString(),
        },
        { source: "payment" },
      ),
    );
    await waitFor(
      async () => (await rig.service.prisma.printReservation.findUniqueOrThrow({ where: { id: reservationId } })).status === "REFUNDED",
    );
    expect((await release(kiosk.token, "777888")).status).toBe(404);
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["CANCELED"]);
  });

  it("when the slot is another day, or the store's window past the slot has ended, then the code does not open it", async () => {
    const kiosk = await registerDevice(rig, "KIOSK");
    await confirmedReservation(rig, {
      pickupCode: "121212",
      slot: { id: "slt_2", startsAt: "2026-12-08T04:00:00.000Z", endsAt: "2026-12-08T04:30:00.000Z" },
    });
    expect((await release(kiosk.token, "121212")).status).toBe(404);

    await confirmedReservation(rig, { pickupCode: "343434" });
    rig.clock.now = new Date("2026-12-08T04:31:00.000Z"); // slot end + 24 h + 1 min
    try {
      expect((await release(kiosk.token, "343434")).status).toBe(404);
    } finally {
      rig.clock.now = new Date("2026-12-07T03:00:00.000Z");
    }
  });
});
