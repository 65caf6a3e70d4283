/**
 * What one replica admits before a byte is staged or a worker is started: a cap on uploads in
 * flight (each takes disk while it is staged), a cap on one account's files being checked, and no
 * worker for a client that already hung up.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pageTreeDagPdf, waitFor } from "@preprint/test-support";
import { customer, pdf, startHarness, upload, type Harness } from "./helpers";

let h: Harness;
let tmpRoot: string;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), "rsv-admission-"));
  h = await startHarness("rsv_upadm", {
    UPLOAD_MAX_BYTES: String(1024 * 1024),
    UPLOAD_TMP_DIR: tmpRoot,
    UPLOAD_MAX_IN_FLIGHT: "2",
    PDF_INSPECT_PER_ACCOUNT: "1",
    PDF_INSPECT_TIMEOUT_MS: "3000",
    PDF_INSPECT_CONCURRENCY: "2",
    PDF_INSPECT_QUEUE: "4",
  });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await h?.close();
  await rm(tmpRoot, { recursive: true, force: true });
});

const stats = () => h.ctx.uploads.inspector.stats();
const idle = () =>
  waitFor(() => stats().active === 0 && h.ctx.uploads.inFlight === 0, {
    timeoutMs: 20_000,
    description: "no upload in flight, no inspection running",
  });

/** Opens a raw multipart upload of `file`; `partial`: declares more than it sends, so it stays being staged. */
async function rawUpload(token: string, file: Buffer, opts: { partial?: boolean } = {}): Promise<net.Socket> {
  const u = new URL(h.url);
  const boundary = "----admission";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="f.pdf"\r\ncontent-type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const socket = net.connect(Number(u.port), u.hostname);
  sockets.push(socket);
  socket.on("error", () => undefined);
  await new Promise((r) => socket.once("connect", r));
  const declared = opts.partial ? body.length + 512 * 1024 : body.length;
  socket.write(
    `POST /uploads HTTP/1.1\r\nhost: ${u.host}\r\nauthorization: Bearer ${token}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${declared}\r\n\r\n`,
  );
  socket.write(opts.partial ? body.subarray(0, body.length - 40) : body);
  return socket;
}

test("when as many uploads are being received as a replica takes, then one more is refused with 503 UPLOADS_BUSY and Retry-After before anything is staged", async () => {
  const a = await customer();
  const b = await customer();
  const held = [
    await rawUpload(a.token, Buffer.alloc(200 * 1024, 0x20), { partial: true }),
    await rawUpload(b.token, Buffer.alloc(200 * 1024, 0x20), { partial: true }),
  ];
  await waitFor(async () => h.ctx.uploads.inFlight === 2 && (await readdir(tmpRoot)).length === 2, {
    timeoutMs: 20_000,
    description: "two uploads being staged",
  });

  const c = await customer();
  const refused = await upload(h.url, c.token, await pdf(1), "fine.pdf");
  expect(refused.status).toBe(503);
  expect(refused.headers.get("content-type")).toContain("application/problem+json");
  expect(refused.body.code).toBe("UPLOADS_BUSY");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await readdir(tmpRoot)).length).toBe(2);
  expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);

  for (const s of held) s.destroy();
  await idle();
  expect((await upload(h.url, c.token, await pdf(1), "fine.pdf")).status).toBe(201);
});

test("when one account's file is being checked, then its next one is refused with 503 UPLOADS_BUSY while another account's file is checked", async () => {
  const greedy = await customer();
  const other = await customer();
  const slow = upload(h.url, greedy.token, pageTreeDagPdf(40), "loop.pdf");
  await waitFor(() => stats().active === 1, { timeoutMs: 20_000, description: "inspection started" });

  const second = await upload(h.url, greedy.token, await pdf(1), "fine.pdf");
  expect(second.status).toBe(503);
  expect(second.body.code).toBe("UPLOADS_BUSY");
  expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);

  const theirs = await upload(h.url, other.token, await pdf(1), "fine.pdf");
  expect(theirs.status).toBe(201);

  expect((await slow).body.code).toBe("PDF_TOO_COMPLEX");
  await idle();
  expect((await upload(h.url, greedy.token, await pdf(1), "fine.pdf")).status).toBe(201);
});

test("when a client sends its whole file and hangs up at once, then no inspection worker is started for it", async () => {
  const c = await customer();
  const before = stats();
  // the hang-up reaches the service while the file is still being written to disk
  const socket = await rawUpload(c.token, pageTreeDagPdf(40));
  socket.destroy();
  await idle();
  expect(stats().started).toBe(before.started);
  expect(stats().killed).toBe(before.killed);
  expect(await readdir(tmpRoot)).toEqual([]);
  expect(await h.prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
});
