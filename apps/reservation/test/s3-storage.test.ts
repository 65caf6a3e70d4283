/**
 * STORAGE_DRIVER=s3 end to end: the reservation HTTP API on top of a real S3-compatible server
 * (s3rver, in this process, on a free loopback port) reached through a TcpProxy, so a test can take
 * "the storage" down without touching the server. Bucket contents are checked with a separate
 * S3 client that talks to s3rver directly.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import * as amqp from "amqplib";
import S3rver from "s3rver";
import { newId } from "@preprint/contracts";
import { createLogger } from "@preprint/service-kit";
import { makeLargePdf, TcpProxy, uniqueName, type TestDatabase } from "@preprint/test-support";
import { loadReservationConfig } from "../src/config";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { startReservationService, type ReservationService } from "../src/service";
import { S3Storage } from "../src/storage/s3";
import { purgeExpiredFiles } from "../src/use-cases/purge-expired-files";
import { AMQP_URL, call, createStore, customer, migratedDatabase, seoulDate, slotAt, staff, testEnv, upload } from "./helpers";

const BUCKET = "preprint-files";
const CREDS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

let s3dir: string;
let s3rver: S3rver;
let proxy: TcpProxy;
let direct: S3Client;
let storage: S3Storage;
let db: TestDatabase;
let prisma: PrismaClient;
let service: ReservationService;
let url: string;

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function objectBytes(key: string): Promise<Buffer> {
  const out = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === "NotFound") return false;
    throw err;
  }
}

async function keysOf(ownerId: string): Promise<string[]> {
  const out = await direct.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${ownerId}/` }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

beforeAll(async () => {
  s3dir = await mkdtemp(path.join(os.tmpdir(), "rsv-s3rver-"));
  s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const addr = (await s3rver.run()) as { port: number };
  proxy = new TcpProxy({ targetPort: addr.port });
  await proxy.start();
  const common = { region: "us-east-1", forcePathStyle: true };
  direct = new S3Client({
    ...common,
    endpoint: `http://127.0.0.1:${addr.port}`,
    credentials: CREDS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  // the service as configured by env: STORAGE_DRIVER=s3, S3_ENDPOINT through the proxy
  db = await migratedDatabase("rsv_s3");
  const config = loadReservationConfig(
    testEnv({
      RESERVATION_DATABASE_URL: db.url,
      STORAGE_DRIVER: "s3",
      S3_BUCKET: BUCKET,
      S3_REGION: "us-east-1",
      S3_ENDPOINT: `http://127.0.0.1:${proxy.port}`,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: CREDS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
    }),
  );
  storage = new S3Storage({
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    connectionTimeoutMs: 1000,
  });
  prisma = createPrisma(db.url, 5);
  const logger = createLogger("reservation-s3-test", process.env.LOG_LEVEL ?? "silent");
  service = await startReservationService(config, { logger, storage, events: false });
  url = service.url;
}, 60_000);

afterAll(async () => {
  await service?.stop();
  if (service) {
    const conn = await amqp.connect(AMQP_URL);
    await (await conn.createChannel()).deleteExchange(service.messaging.connection.exchange).catch(() => undefined);
    await conn.close();
  }
  await prisma?.$disconnect();
  await db?.drop();
  storage?.destroy();
  direct?.destroy();
  await proxy?.close();
  await s3rver?.close();
  if (s3dir) await rm(s3dir, { recursive: true, force: true });
});

afterEach(() => {
  if (proxy.isCut) proxy.restore();
});

test("when a 1.5 MB PDF is uploaded with STORAGE_DRIVER=s3, then the bucket holds exactly its bytes (size, sha256, content type) and the owner downloads the same bytes", async () => {
  const c = await customer();
  const bytes = makeLargePdf(3, 1_500_000);
  const res = await upload(url, c.token, bytes, "논문.pdf");
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ pages: 3, sizeBytes: bytes.length, sha256: sha256(bytes) });
  const row = await prisma.upload.findUniqueOrThrow({ where: { id: res.body.id } });
  expect(await keysOf(c.sub)).toEqual([row.storageKey]);
  const head = await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: row.storageKey }));
  expect(head.ContentLength).toBe(bytes.length);
  expect(head.ContentType).toBe("application/pdf");
  const stored = await objectBytes(row.storageKey);
  expect(stored.length).toBe(bytes.length);
  expect(sha256(stored)).toBe(sha256(bytes));

  const file = await fetch(`${url}/uploads/${res.body.id}/file`, { headers: { authorization: `Bearer ${c.token}` } });
  expect(file.status).toBe(200);
  expect(file.headers.get("content-type")).toBe("application/pdf");
  const got = Buffer.from(await file.arrayBuffer());
  expect(sha256(got)).toBe(sha256(bytes));
});

test("when a file is reserved, then the store's staff download it from the bucket; after retention the object is gone from the bucket and both downloads answer 410", async () => {
  const c = await customer();
  const storeId = await createStore(prisma);
  const clerk = await staff(storeId);
  const bytes = makeLargePdf(2, 200_000);
  const up = await upload(url, c.token, bytes);
  expect(up.status).toBe(201);
  const r = await call(url, "POST", "/reservations", {
    token: c.token,
    body: {
      storeId,
      slotId: slotAt(storeId, seoulDate(1), "10:00"),
      items: [{ uploadId: up.body.id, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }],
    },
  });
  expect(r.status).toBe(201);
  const rid = r.body.id ?? r.body.reservation?.id;
  const staffFile = await fetch(`${url}/staff/reservations/${rid}/files/${up.body.id}`, {
    headers: { authorization: `Bearer ${clerk.token}` },
  });
  expect(staffFile.status).toBe(200);
  expect(sha256(Buffer.from(await staffFile.arrayBuffer()))).toBe(sha256(bytes));

  const cancel = await call(url, "POST", `/reservations/${rid}/cancel`, { token: c.token, body: { reason: "plans changed" } });
  expect(cancel.status).toBe(200);
  const key = (await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).storageKey;
  expect(await objectExists(key)).toBe(true);
  const n = await purgeExpiredFiles({ prisma, storage }, { retentionDays: 7, unusedDays: 2 }, new Date(Date.now() + 8 * 86_400_000));
  expect(n).toBeGreaterThanOrEqual(1);
  expect(await objectExists(key)).toBe(false);
  expect((await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).deletedAt).not.toBeNull();
  expect((await call(url, "GET", `/uploads/${up.body.id}/file`, { token: c.token })).body.code).toBe("FILE_DELETED");
  const staffAfter = await call(url, "GET", `/staff/reservations/${rid}/files/${up.body.id}`, { token: clerk.token });
  expect(staffAfter.status).toBe(410);
  expect(staffAfter.body.code).toBe("FILE_DELETED");
});

test("when the object vanished from the bucket behind our back, then the download answers 410 FILE_DELETED", async () => {
  const c = await customer();
  const up = await upload(url, c.token, makeLargePdf(1, 1000));
  const key = (await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).storageKey;
  await direct.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  const res = await call(url, "GET", `/uploads/${up.body.id}/file`, { token: c.token });
  expect(res.status).toBe(410);
  expect(res.body.code).toBe("FILE_DELETED");
});

describe("when the storage is down", () => {
  test("when the S3 server cannot be reached, then upload and download answer 503 STORAGE_UNAVAILABLE problem+json, no upload row is written, and readiness reports storage down until it is back", async () => {
    const c = await customer();
    const before = await upload(url, c.token, makeLargePdf(1, 1000));
    expect(before.status).toBe(201);
    expect((await call(url, "GET", "/health/ready")).body.checks.storage).toEqual({ status: "up" });

    proxy.cut();
    const res = await upload(url, c.token, makeLargePdf(1, 50_000), "while-down.pdf");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("STORAGE_UNAVAILABLE");
    expect(await prisma.upload.count({ where: { ownerId: c.sub } })).toBe(1);
    const dl = await call(url, "GET", `/uploads/${before.body.id}/file`, { token: c.token });
    expect(dl.status).toBe(503);
    expect(dl.body.code).toBe("STORAGE_UNAVAILABLE");
    const ready = await call(url, "GET", "/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.body.checks.storage.status).toBe("down");
    expect(ready.body.checks.database).toEqual({ status: "up" });

    proxy.restore();
    expect((await call(url, "GET", "/health/ready")).status).toBe(200);
    expect((await upload(url, c.token, makeLargePdf(1, 1000))).status).toBe(201);
    expect(await keysOf(c.sub)).toHaveLength(2);
  });

  test("when the storage refuses connections for a moment during a PUT, then the staged file is sent again and stored whole", async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "rsv-s3-put-"));
    try {
      const bytes = makeLargePdf(1, 300_000);
      const file = path.join(tmp, "staged.pdf");
      await writeFile(file, bytes);
      const key = `retry/${uniqueName("obj")}.pdf`;
      const accepted = proxy.connectionsAccepted;
      proxy.cut();
      const put = storage.putFile(key, file, bytes.length, "application/pdf");
      setTimeout(() => proxy.restore(), 150);
      await put;
      expect(proxy.connectionsAccepted).toBeGreaterThan(accepted);
      expect(sha256(await objectBytes(key))).toBe(sha256(bytes));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  test("when the storage fails during retention, then the job throws, no row is marked deleted, and a later run deletes the object", async () => {
    const c = await customer();
    const up = await upload(url, c.token, makeLargePdf(1, 1000));
    const key = (await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).storageKey;
    const later = new Date(Date.now() + 3 * 86_400_000);
    proxy.cut();
    await expect(purgeExpiredFiles({ prisma, storage }, { retentionDays: 7, unusedDays: 2 }, later)).rejects.toMatchObject({
      code: "STORAGE_UNAVAILABLE",
    });
    expect((await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).deletedAt).toBeNull();
    proxy.restore();
    expect(await objectExists(key)).toBe(true);
    await purgeExpiredFiles({ prisma, storage }, { retentionDays: 7, unusedDays: 2 }, later);
    expect((await prisma.upload.findUniqueOrThrow({ where: { id: up.body.id } })).deletedAt).not.toBeNull();
    expect(await objectExists(key)).toBe(false);
  });

  test("when the connection to the storage breaks in the middle of a download, then that response is cut short and the service keeps serving", async () => {
    const c = await customer();
    // a large object seeded straight into the bucket, so the cut lands mid-body
    const id = newId("upl");
    const key = `${c.sub}/${id}.pdf`;
    const bytes = randomBytes(24 * 1024 * 1024);
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes, ContentType: "application/pdf" }));
    await prisma.upload.create({
      data: { id, ownerId: c.sub, fileName: "big.pdf", pages: 1, sizeBytes: bytes.length, sha256: sha256(bytes), storageKey: key },
    });

    const res = await fetch(`${url}/uploads/${id}/file`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    proxy.cut();
    let received = first.value!.length;
    let failure: unknown;
    try {
      for (;;) {
        // a response left hanging (never ended, never destroyed) is a failure of its own
        const next = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("HUNG")), 10_000).unref()),
        ]);
        if (next.done) break;
        received += next.value.length;
      }
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeDefined();
    expect((failure as Error).message).not.toBe("HUNG");
    expect(received).toBeLessThan(bytes.length);
    proxy.restore();
    const after = await call(url, "GET", "/health/live");
    expect(after.status).toBe(200);
    const small = await upload(url, c.token, makeLargePdf(1, 1000));
    expect(small.status).toBe(201);
  }, 60_000);

  test("when the bucket does not exist, then upload answers 503 STORAGE_UNAVAILABLE, nothing is written, and readiness is down", async () => {
    const gone = new S3Storage({
      bucket: uniqueName("missing-bucket").toLowerCase().replace(/_/g, "-"),
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${proxy.port}`,
      forcePathStyle: true,
      ...CREDS,
    });
    try {
      await expect(gone.check()).rejects.toMatchObject({ status: 503, code: "STORAGE_UNAVAILABLE" });
      await expect(gone.get("x/y.pdf")).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    } finally {
      gone.destroy();
    }
    // and through the API: the service's own bucket removed (emptied first), then recreated
    const c = await customer();
    const listed = await direct.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const saved = await Promise.all((listed.Contents ?? []).map(async (o) => ({ key: o.Key!, body: await objectBytes(o.Key!) })));
    for (const o of saved) await direct.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: o.key }));
    await direct.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    try {
      const res = await upload(url, c.token, makeLargePdf(1, 1000));
      expect(res.status).toBe(503);
      expect(res.body.code).toBe("STORAGE_UNAVAILABLE");
      expect(await prisma.upload.count({ where: { ownerId: c.sub } })).toBe(0);
      const ready = await call(url, "GET", "/health/ready");
      expect(ready.status).toBe(503);
      expect(ready.body.checks.storage.status).toBe("down");
    } finally {
      await s3rver.configureBuckets();
      for (const o of saved) await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.body }));
    }
    expect((await call(url, "GET", "/health/ready")).status).toBe(200);
  });
});
