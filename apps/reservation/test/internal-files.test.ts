import { call, createStore, customer, pdf, seoulDate, serviceToken, slotAt, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
let storeId: string;

beforeAll(async () => {
  h = await startHarness("rsv_intfiles");
  storeId = await createStore(h.prisma, { capacityPages: 50 });
});
afterAll(() => h?.close());

test("when the printing service asks for a reservation's items and a document with a service token, then it gets them; user tokens are refused", async () => {
  const c = await customer("김민지");
  const bytes = await pdf(3);
  const up = await upload(h.url, c.token, bytes);
  const slotId = slotAt(storeId, seoulDate(2), "11:00");
  const created = await call(h.url, "POST", "/reservations", {
    token: c.token,
    body: { storeId, slotId, items: [{ uploadId: up.body.id, colorMode: "COLOR", duplex: true, paperSize: "A4", copies: 2 }] },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  const items = await call(h.url, "GET", `/internal/reservations/${id}/items`, { token: await serviceToken() });
  expect(items.status).toBe(200);
  expect(items.body.items).toEqual([
    expect.objectContaining({ uploadId: up.body.id, pages: 3, copies: 2, colorMode: "COLOR", duplex: true, paperSize: "A4" }),
  ]);
  const itemId = items.body.items[0].id as string;

  const doc = await fetch(`${h.url}/internal/reservations/${id}/items/${itemId}/document`, {
    headers: { authorization: `Bearer ${await serviceToken()}` },
  });
  expect(doc.status).toBe(200);
  expect(doc.headers.get("content-type")).toBe("application/pdf");
  expect(Buffer.from(await doc.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

  expect((await call(h.url, "GET", `/internal/reservations/${id}/items`, { token: c.token })).status).toBe(401);
  expect((await call(h.url, "GET", `/internal/reservations/${id}/items/${itemId}/document`, { token: c.token })).status).toBe(401);
  expect((await call(h.url, "GET", `/internal/reservations/${id}/items/itm_nope/document`, { token: await serviceToken() })).status).toBe(
    404,
  );
  expect((await call(h.url, "GET", `/internal/reservations/rsv_nope/items`, { token: await serviceToken() })).status).toBe(404);

  await h.prisma.upload.update({ where: { id: up.body.id }, data: { deletedAt: new Date() } });
  const gone = await call(h.url, "GET", `/internal/reservations/${id}/items/${itemId}/document`, { token: await serviceToken() });
  expect(gone.status).toBe(410);
  expect(gone.body.code).toBe("FILE_DELETED");
});
