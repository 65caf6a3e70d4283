import { call, createStore, customer, outboxTypes, pdf, seoulDate, slotAt, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
let storeId: string;

beforeAll(async () => {
  h = await startHarness("rsv_core");
  storeId = await createStore(h.prisma, { capacityPages: 10, minimumCharge: 300 });
});
afterAll(async () => {
  await h?.close();
});

async function uploadPages(token: string, pages: number) {
  const res = await upload(h.url, token, await pdf(pages), `문서-${pages}.pdf`);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe("stores and slots", () => {
  test("when the stores are listed, then each has hours, time zone and the price table in force", async () => {
    const res = await call(h.url, "GET", "/stores");
    expect(res.status).toBe(200);
    const s = res.body.find((x: any) => x.id === storeId);
    expect(s).toMatchObject({
      timeZone: "Asia/Seoul",
      slotMinutes: 30,
      capacityPagesPerSlot: 10,
      priceTable: { currency: "KRW", minimumCharge: 300, duplexRule: "PER_SHEET" },
    });
    expect(s.priceTable.prices).toHaveLength(3);
  });

  test("when tomorrow's slots are asked for, then all 48 are offered with full capacity and stable ids", async () => {
    const date = seoulDate(1);
    const a = await call(h.url, "GET", `/stores/${storeId}/slots?date=${date}`);
    expect(a.status).toBe(200);
    expect(a.body).toHaveLength(48);
    expect(a.body[0]).toEqual({
      id: slotAt(storeId, date, "00:00"),
      startsAt: new Date(`${date}T00:00:00+09:00`).toISOString(),
      endsAt: new Date(`${date}T00:30:00+09:00`).toISOString(),
      capacity: 10,
      remaining: 10,
    });
    const b = await call(h.url, "GET", `/stores/${storeId}/slots?date=${date}`);
    expect(b.body.map((s: any) => s.id)).toEqual(a.body.map((s: any) => s.id));
    expect(await h.prisma.slot.count({ where: { storeId } })).toBeGreaterThanOrEqual(48);
  });

  test("when today's slots are asked for, then none is in the past or inside the 30-minute lead time", async () => {
    const res = await call(h.url, "GET", `/stores/${storeId}/slots?date=${seoulDate(0)}`);
    expect(res.status).toBe(200);
    const earliest = Date.now() + 30 * 60000;
    for (const s of res.body) expect(new Date(s.startsAt).getTime()).toBeGreaterThanOrEqual(earliest - 1000);
    expect(res.body.length).toBeLessThan(48);
  });

  test("when a past date or a closed weekday is asked for, then no slots are offered", async () => {
    const past = await call(h.url, "GET", `/stores/${storeId}/slots?date=${seoulDate(-1)}`);
    expect(past.body).toEqual([]);
    const date = seoulDate(2);
    const weekday = String(new Date(`${date}T00:00:00Z`).getUTCDay());
    const closedStore = await createStore(h.prisma, { openingHours: { [weekday]: [] } });
    const closed = await call(h.url, "GET", `/stores/${closedStore}/slots?date=${date}`);
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual([]);
  });

  test("when the date is malformed or the store unknown, then 400 / 404 problem+json", async () => {
    const bad = await call(h.url, "GET", `/stores/${storeId}/slots?date=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    const unknown = await call(h.url, "GET", `/stores/nope/slots?date=${seoulDate(1)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(unknown.body.code).toBe("STORE_NOT_FOUND");
  });
});

describe("quotes", () => {
  test("when a quote is asked for, then pages × copies × price is computed on the server with duplex in sheets", async () => {
    const c = await customer();
    const five = await uploadPages(c.token, 5);
    const res = await call(h.url, "POST", "/quotes", {
      token: c.token,
      body: {
        storeId,
        items: [
          { uploadId: five, colorMode: "MONO", duplex: true, paperSize: "A4", copies: 2 },
          { uploadId: five, colorMode: "COLOR", duplex: false, paperSize: "A4", copies: 1 },
        ],
      },
    });
    expect(res.status).toBe(200);
    // duplex: ceil(5/2)=3 sheets × 180 × 2 copies = 1080; colour simplex: 5 × 400 = 2000
    expect(res.body.lines.map((l: any) => [l.unit, l.unitsPerCopy, l.unitPrice, l.amount])).toEqual([
      ["SHEET", 3, 180, 1080],
      ["PAGE", 5, 400, 2000],
    ]);
    expect(res.body).toMatchObject({ subtotal: 3080, minimumChargeTopUp: 0, totalAmount: 3080, currency: "KRW", printedPages: 15 });
  });

  test("when the order is below the minimum charge, then the total is topped up to it", async () => {
    const c = await customer();
    const one = await uploadPages(c.token, 1);
    const res = await call(h.url, "POST", "/quotes", {
      token: c.token,
      body: { storeId, items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
    });
    expect(res.body).toMatchObject({ subtotal: 100, minimumChargeTopUp: 200, totalAmount: 300 });
  });

  test("when a price is sent, another customer's upload is used, or an option is not sold, then it is refused", async () => {
    const c = await customer();
    const other = await customer();
    const theirs = await uploadPages(other.token, 1);
    const mine = await uploadPages(c.token, 1);
    const foreign = await call(h.url, "POST", "/quotes", {
      token: c.token,
      body: { storeId, items: [{ uploadId: theirs, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("UPLOAD_NOT_FOUND");
    const a3color = await call(h.url, "POST", "/quotes", {
      token: c.token,
      body: { storeId, items: [{ uploadId: mine, colorMode: "COLOR", duplex: false, paperSize: "A3", copies: 1 }] },
    });
    expect(a3color.status).toBe(422);
    expect(a3color.body.code).toBe("OPTION_NOT_AVAILABLE");
    const badCopies = await call(h.url, "POST", "/quotes", {
      token: c.token,
      body: { storeId, items: [{ uploadId: mine, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 0 }] },
    });
    expect(badCopies.status).toBe(400);
    expect(badCopies.body.code).toBe("VALIDATION_FAILED");
    const anon = await call(h.url, "POST", "/quotes", { body: { storeId, items: [] } });
    expect(anon.status).toBe(401);
  });
});

describe("reservations", () => {
  test("when a reservation is made, then it is PENDING_PAYMENT with the server's total, holds capacity and writes its events", async () => {
    const c = await customer();
    const two = await uploadPages(c.token, 2);
    const slotId = slotAt(storeId, seoulDate(3), "10:00");
    const res = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: { storeId, slotId, items: [{ uploadId: two, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 2 }], totalAmount: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "PENDING_PAYMENT", totalAmount: 400, currency: "KRW" });
    const expires = new Date(res.body.expiresAt).getTime();
    expect(expires - Date.now()).toBeGreaterThan(9 * 60000);
    expect(expires - Date.now()).toBeLessThanOrEqual(10 * 60000);
    const slot = await h.prisma.slot.findUniqueOrThrow({ where: { id: slotId } });
    expect(slot.reserved).toBe(4);
    expect(await outboxTypes(h.prisma, res.body.id)).toEqual(["reservation.created", "reservation.status-changed"]);
    const created = await h.prisma.outboxEvent.findFirstOrThrow({
      where: { type: "reservation.created", payload: { path: ["data", "reservationId"], equals: res.body.id } },
    });
    expect((created.payload as any).data).toMatchObject({
      customer: { id: c.sub, name: "김민지", email: `${c.sub}@example.com`, phone: "010-1234-5678" },
      store: { id: storeId, timeZone: "Asia/Seoul" },
      totalAmount: 400,
    });
    const audit = await h.prisma.auditLog.findMany({ where: { reservationId: res.body.id } });
    expect(audit).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: "PENDING_PAYMENT", actorType: "CUSTOMER", actorId: c.sub }),
    ]);

    const mine = await call(h.url, "GET", `/reservations/${res.body.id}`, { token: c.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: res.body.id,
      status: "PENDING_PAYMENT",
      pickupCode: null,
      items: [{ uploadId: two, pages: 2, copies: 2, amount: 400 }],
    });
    const list = await call(h.url, "GET", "/reservations", { token: c.token });
    expect(list.body.items.map((r: any) => r.id)).toEqual([res.body.id]);
    const other = await customer();
    const theirs = await call(h.url, "GET", `/reservations/${res.body.id}`, { token: other.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("RESERVATION_NOT_FOUND");
  });

  test("when the slot is inside the lead time or not a slot of the store, then 409 SLOT_UNAVAILABLE and nothing is held", async () => {
    const c = await customer();
    const one = await uploadPages(c.token, 1);
    const soon = new Date(Date.now() + 5 * 60000);
    const iso = new Date(Math.floor(soon.getTime() / 1800000) * 1800000).toISOString();
    const slotId = `slt_${storeId}_${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
    const res = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: { storeId, slotId, items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("SLOT_UNAVAILABLE");
    const odd = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: {
        storeId,
        slotId: slotAt(storeId, seoulDate(1), "10:10"),
        items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
      },
    });
    expect(odd.body.code).toBe("SLOT_UNAVAILABLE");
    expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(0);
  });

  test("when 200 reservations race for a slot that fits 10, then exactly 10 succeed and 190 get 409 SLOT_FULL", async () => {
    const customers = await Promise.all(Array.from({ length: 20 }, () => customer()));
    const uploads = await Promise.all(customers.map((c) => uploadPages(c.token, 1)));
    const slotId = slotAt(storeId, seoulDate(4), "15:00");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(h.url, "POST", "/reservations", {
          token: customers[i % 20]!.token,
          body: { storeId, slotId, items: [{ uploadId: uploads[i % 20], colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(190);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "SLOT_FULL")).toBe(true);
    const slot = await h.prisma.slot.findUniqueOrThrow({ where: { id: slotId } });
    expect(slot.reserved).toBe(10);
    expect(await h.prisma.reservation.count({ where: { slotId } })).toBe(10);
    const listed = await call(h.url, "GET", `/stores/${storeId}/slots?date=${seoulDate(4)}`);
    expect(listed.body.find((s: any) => s.id === slotId)).toMatchObject({ capacity: 10, remaining: 0 });
  }, 60_000);
});

describe("idempotency", () => {
  test("when the same Idempotency-Key is sent twice, then one reservation exists and the first response is replayed", async () => {
    const c = await customer();
    const one = await uploadPages(c.token, 1);
    const body = {
      storeId,
      slotId: slotAt(storeId, seoulDate(5), "11:00"),
      items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
    };
    const first = await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "k-1" } });
    const again = await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "k-1" } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(1);
  });

  test("when a key is reused with a different body, then 422 IDEMPOTENCY_KEY_REUSED and nothing is created", async () => {
    const c = await customer();
    const one = await uploadPages(c.token, 1);
    const body = {
      storeId,
      slotId: slotAt(storeId, seoulDate(5), "12:00"),
      items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
    };
    await call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "k-2" } });
    const reused = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: { ...body, items: [{ ...body.items[0], copies: 2 }] },
      headers: { "idempotency-key": "k-2" },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(1);
  });

  test("when duplicates with one key arrive together, then one runs and the others get the replay or 409 IDEMPOTENCY_IN_PROGRESS", async () => {
    const c = await customer();
    const one = await uploadPages(c.token, 1);
    const body = {
      storeId,
      slotId: slotAt(storeId, seoulDate(5), "13:00"),
      items: [{ uploadId: one, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(h.url, "POST", "/reservations", { token: c.token, body, headers: { "idempotency-key": "k-3" } }),
      ),
    );
    const codes = results.map((r) => (r.status === 201 ? "201" : r.body.code));
    expect(codes.every((x) => x === "201" || x === "IDEMPOTENCY_IN_PROGRESS")).toBe(true);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await h.prisma.reservation.count({ where: { customerId: c.sub } })).toBe(1);
  });

  test("when the same key is used by two customers, then each gets their own reservation", async () => {
    const a = await customer();
    const b = await customer();
    const ua = await uploadPages(a.token, 1);
    const ub = await uploadPages(b.token, 1);
    const slotId = slotAt(storeId, seoulDate(5), "14:00");
    const ra = await call(h.url, "POST", "/reservations", {
      token: a.token,
      body: { storeId, slotId, items: [{ uploadId: ua, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
      headers: { "idempotency-key": "shared" },
    });
    const rb = await call(h.url, "POST", "/reservations", {
      token: b.token,
      body: { storeId, slotId, items: [{ uploadId: ub, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }] },
      headers: { "idempotency-key": "shared" },
    });
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.body.id).not.toBe(rb.body.id);
  });
});
