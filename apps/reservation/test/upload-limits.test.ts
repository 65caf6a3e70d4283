/**
 * Hostile uploads against the running service: a decompression bomb, a page tree that never ends,
 * more files than the inspection workers take, and a client that hangs up mid-upload. Asserts
 * outcomes and the order of events, never how fast anything was.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { decompressionBombPdf, pageTreeDagPdf, waitFor } from "@preprint/test-support";
import { PdfInspector } from "../src/uploads/inspector";
import { call, customer, pdf, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
let tmpRoot: string;
const MAX_DECODED = 4 * 1024 * 1024;

beforeAll(async () => {
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), "rsv-staging-"));
  h = await startHarness("rsv_uplim", {
    UPLOAD_MAX_BYTES: String(1024 * 1024),
    UPLOAD_TMP_DIR: tmpRoot,
    PDF_MAX_DECODED_BYTES: String(MAX_DECODED),
    PDF_INSPECT_TIMEOUT_MS: "3000",
    PDF_INSPECT_CONCURRENCY: "1",
    PDF_INSPECT_QUEUE: "0",
  });
});
afterAll(async () => {
  await h?.close();
  await rm(tmpRoot, { recursive: true, force: true });
});

const stats = () => h.ctx.uploads.inspector.stats();
const idle = () =>
  waitFor(() => stats().active === 0 && h.ctx.uploads.inFlight === 0, {
    timeoutMs: 20_000,
    description: "no upload in flight, no inspection running",
  });

test("when a PDF's object stream inflates to 256 MiB, then 422 PDF_TOO_COMPLEX, nothing is stored, and the service's memory does not take the inflated size", async () => {
  const c = await customer();
  const bomb = await decompressionBombPdf(256 * 1024 * 1024);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const res = await upload(h.url, c.token, bomb, "bomb.pdf");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("PDF_TOO_COMPLEX");
  } finally {
    clearInterval(sampler);
  }
  // the decoders stopped at the 4 MiB cap, in a worker that is gone: far from the 256 MiB
  expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
  await idle();
  expect(await readdir(tmpRoot)).toEqual([]);
});

test("when a PDF's page tree never ends, then /health/live answers while it is being checked, and the check is stopped with 422 PDF_TOO_COMPLEX", async () => {
  const c = await customer();
  const killedBefore = stats().killed;
  const order: string[] = [];
  const pending = upload(h.url, c.token, pageTreeDagPdf(40), "loop.pdf").then((r) => {
    order.push("upload");
    return r;
  });
  await waitFor(() => stats().active === 1, { timeoutMs: 20_000, description: "inspection started" });
  const live = await call(h.url, "GET", "/health/live");
  order.push("live");
  expect(live.status).toBe(200);
  const res = await pending;
  expect(order).toEqual(["live", "upload"]);
  expect(res.status).toBe(422);
  expect(res.body.code).toBe("PDF_TOO_COMPLEX");
  expect(stats().killed).toBe(killedBefore + 1);
  await idle();
});

test("when more PDFs arrive than there are inspection workers and queue places, then the extra one is refused at once with 503 UPLOADS_BUSY and Retry-After", async () => {
  const c = await customer();
  const slow = upload(h.url, c.token, pageTreeDagPdf(40), "loop.pdf");
  await waitFor(() => stats().active === 1, { timeoutMs: 20_000, description: "inspection started" });
  const busy = await upload(h.url, c.token, await pdf(1), "fine.pdf");
  expect(busy.status).toBe(503);
  expect(busy.body.code).toBe("UPLOADS_BUSY");
  expect(busy.headers.get("retry-after")).toBe("5");
  expect(stats().active).toBe(1); // the refused one never took a worker
  expect((await slow).body.code).toBe("PDF_TOO_COMPLEX");
  await idle();
  expect((await upload(h.url, c.token, await pdf(1), "fine.pdf")).status).toBe(201);
});

test("when a client sends part of an upload and hangs up, then its temp file is deleted and its handler finishes", async () => {
  const c = await customer();
  const u = new URL(h.url);
  const boundary = "----hangup";
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  const declared = 900 * 1024;
  const socket = net.connect(Number(u.port), u.hostname);
  socket.on("error", () => undefined);
  await new Promise((r) => socket.once("connect", r));
  socket.write(
    `POST /uploads HTTP/1.1\r\nhost: ${u.host}\r\nauthorization: Bearer ${c.token}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${declared}\r\n\r\n`,
  );
  socket.write(Buffer.concat([head, Buffer.alloc(300 * 1024, 0x20)]));
  // the file is being staged: a folder with a file in it, and one handler in flight
  await waitFor(
    async () => {
      const dirs = await readdir(tmpRoot);
      return dirs.length === 1 && (await readdir(path.join(tmpRoot, dirs[0]!))).length === 1 && h.ctx.uploads.inFlight === 1;
    },
    { timeoutMs: 20_000, description: "upload being staged" },
  );
  socket.destroy();
  await waitFor(async () => h.ctx.uploads.inFlight === 0 && (await readdir(tmpRoot)).length === 0, {
    timeoutMs: 20_000,
    description: "handler finished and temp folder deleted",
  });
  expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
});

test("when a client hangs up while its file is being checked, then its worker is ended at once, not at the deadline", async () => {
  const c = await customer();
  const killedBefore = stats().killed;
  const u = new URL(h.url);
  const boundary = "----gone";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="loop.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
    ),
    pageTreeDagPdf(40),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.on("error", () => undefined);
  await new Promise((r) => socket.once("connect", r));
  socket.write(
    `POST /uploads HTTP/1.1\r\nhost: ${u.host}\r\nauthorization: Bearer ${c.token}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${body.length}\r\n\r\n`,
  );
  socket.write(body);
  await waitFor(() => stats().active === 1, { timeoutMs: 20_000, description: "inspection started" });
  socket.destroy();
  await idle();
  // a worker left to its deadline would be counted as killed
  expect(stats().killed).toBe(killedBefore);
  expect(await readdir(tmpRoot)).toEqual([]);
});

test("when parsing a PDF needs more heap than a worker may have, then the worker is ended and the answer is PDF_TOO_COMPLEX", async () => {
  const inspector = new PdfInspector({ concurrency: 1, queue: 0, timeoutMs: 60_000, heapMb: 16, maxDecodedBytes: MAX_DECODED });
  const dir = await mkdtemp(path.join(tmpRoot, "heap-"));
  const file = path.join(dir, "objects.pdf");
  // one array of 2 million numbers: 4 MB on disk, far more than 16 MB as parsed objects
  await writeFile(
    file,
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X [${"0 ".repeat(2_000_000)}] >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
  try {
    const result = await inspector.inspect(file);
    expect(result).toMatchObject({ ok: false, problem: "PDF_TOO_COMPLEX" });
    expect(inspector.stats()).toEqual({ active: 0, queued: 0, killed: 1, started: 1 });
  } finally {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  }
});
