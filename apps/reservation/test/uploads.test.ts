import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { purgeExpiredFiles } from "../src/use-cases/purge-expired-files";
import { call, createStore, customer, pdf, seoulDate, slotAt, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
const fixture = (name: string) => readFile(path.join(__dirname, "fixtures", name));

beforeAll(async () => {
  h = await startHarness("rsv_upl", { UPLOAD_MAX_BYTES: String(64 * 1024) });
});
afterAll(async () => {
  await h?.close();
});

async function storedFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of await readdir(h.storageDir)) for (const f of await readdir(path.join(h.storageDir, dir))) out.push(f);
  return out;
}

test("when a PDF is uploaded, then 201 with pages counted by the parser, size and sha256, and the bytes are stored", async () => {
  const c = await customer();
  const bytes = await pdf(7);
  const res = await upload(h.url, c.token, bytes, "졸업논문 최종.pdf");
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    id: expect.stringMatching(/^upl_/),
    fileName: "졸업논문 최종.pdf",
    pages: 7,
    sizeBytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  });
  const row = await h.prisma.upload.findUniqueOrThrow({ where: { id: res.body.id } });
  expect(row).toMatchObject({ ownerId: c.sub, pages: 7 });
  expect(await readFile(path.join(h.storageDir, row.storageKey))).toEqual(bytes);
  const meta = await call(h.url, "GET", `/uploads/${res.body.id}`, { token: c.token });
  expect(meta.body).toMatchObject({ pages: 7, deleted: false });
});

test("when a PDF is named .txt and sent as text/plain, then it is still accepted: content decides", async () => {
  const c = await customer();
  const res = await upload(h.url, c.token, await pdf(2), "notes.txt", "text/plain");
  expect(res.status).toBe(201);
  expect(res.body.pages).toBe(2);
});

describe("bad uploads", () => {
  test.each([
    ["a PNG named .pdf", Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), 415, "NOT_A_PDF"],
    ["a text file named .pdf", Buffer.from("hello, this is not a pdf"), 415, "NOT_A_PDF"],
    ["a PDF header followed by garbage", Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 0x41)]), 422, "PDF_CORRUPT"],
  ])("when %s is uploaded, then it is refused with its code and nothing is stored", async (_name, bytes, status, code) => {
    const c = await customer();
    const res = await upload(h.url, c.token, bytes as Buffer, "x.pdf");
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe(code);
    expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
  });

  test("when a truncated PDF is uploaded, then 422 PDF_CORRUPT", async () => {
    const c = await customer();
    const whole = await pdf(3);
    const res = await upload(h.url, c.token, whole.subarray(0, Math.floor(whole.length / 2)), "cut.pdf");
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("PDF_CORRUPT");
  });

  test.each(["encrypted.pdf", "encrypted-no-user-password.pdf"])(
    "when an encrypted PDF (%s, made by qpdf) is uploaded, then 422 PDF_ENCRYPTED",
    async (name) => {
      const c = await customer();
      const res = await upload(h.url, c.token, await fixture(name), name);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("PDF_ENCRYPTED");
      expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
    },
  );

  test("when the file is over the size limit, then 413 FILE_TOO_LARGE and nothing is stored", async () => {
    const c = await customer();
    const before = await storedFiles().catch(() => []);
    const big = Buffer.concat([await pdf(1), Buffer.alloc(100 * 1024, 0x20)]);
    const res = await upload(h.url, c.token, big, "big.pdf");
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("FILE_TOO_LARGE");
    expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
    expect(await storedFiles().catch(() => [])).toEqual(before);
  });

  test("when no file field is sent or the body is JSON, then 400 FILE_MISSING / 415 MULTIPART_REQUIRED", async () => {
    const c = await customer();
    const form = new FormData();
    form.append("other", "x");
    const res = await fetch(`${h.url}/uploads`, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("FILE_MISSING");
    const json = await call(h.url, "POST", "/uploads", { token: c.token, body: { file: "x" } });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe("MULTIPART_REQUIRED");
  });

  test("when an anonymous user uploads, then 401 and nothing is stored", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await pdf(1))]), "a.pdf");
    const anon = await fetch(`${h.url}/uploads`, { method: "POST", body: form });
    expect(anon.status).toBe(401);
    expect((await anon.json()).code).toBe("UNAUTHENTICATED");
  });
});

test("when files pass their retention period, then the job deletes them and marks the rows; files of open reservations stay", async () => {
  const storeId = await createStore(h.prisma);
  const c = await customer();
  const unused = (await upload(h.url, c.token, await pdf(1))).body.id;
  const reservedOpen = (await upload(h.url, c.token, await pdf(1))).body.id;
  const reservedClosed = (await upload(h.url, c.token, await pdf(1))).body.id;
  const mk = async (uploadId: string, hhmm: string) => {
    const r = await call(h.url, "POST", "/reservations", {
      token: c.token,
      body: {
        storeId,
        slotId: slotAt(storeId, seoulDate(1), hhmm),
        items: [{ uploadId, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
      },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  await mk(reservedOpen, "10:00");
  const closed = await mk(reservedClosed, "11:00");
  expect(
    (await call(h.url, "POST", `/reservations/${closed}/cancel`, { token: c.token, body: { reason: "x" } })).body.reservation.status,
  ).toBe("CANCELLED");

  const inEightDays = new Date(Date.now() + 8 * 86_400_000);
  expect(await purgeExpiredFiles({ prisma: h.prisma, storage: h.ctx.storage }, { retentionDays: 7, unusedDays: 2 }, new Date())).toBe(0);
  const n = await purgeExpiredFiles({ prisma: h.prisma, storage: h.ctx.storage }, { retentionDays: 7, unusedDays: 2 }, inEightDays);
  expect(n).toBeGreaterThanOrEqual(2);
  const rows = await h.prisma.upload.findMany({ where: { id: { in: [unused, reservedOpen, reservedClosed] } } });
  const deleted = Object.fromEntries(rows.map((r) => [r.id, r.deletedAt !== null]));
  expect(deleted).toEqual({ [unused]: true, [reservedOpen]: false, [reservedClosed]: true });
  const files = await storedFiles();
  expect(files).toContain(`${reservedOpen}.pdf`);
  expect(files).not.toContain(`${unused}.pdf`);
  expect(files).not.toContain(`${reservedClosed}.pdf`);
  const gone = await call(h.url, "GET", `/uploads/${unused}/file`, { token: c.token });
  expect(gone.status).toBe(410);
  expect(gone.body.code).toBe("FILE_DELETED");
});
