// Document downloads: the device token goes to the cloud only, and an oversized document never
// lands under its final name.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CloudClient, CloudHttpError } from "../src/cloud/client";
import { removeTempDirs, tempDir } from "./support/temp";

afterAll(removeTempDirs);

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function fileServer(body: Buffer): Promise<{ url: string; auth: (string | undefined)[] }> {
  const auth: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    auth.push(req.headers.authorization);
    res.writeHead(200, { "content-type": "application/pdf" });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth };
}

const dest = () => path.join(tempDir("download"), "doc.pdf");

test("a relative document URL is fetched from the cloud with the token; another origin never sees it", async () => {
  const cloud = await fileServer(Buffer.from("%PDF-cloud"));
  const storage = await fileServer(Buffer.from("%PDF-storage"));
  const client = new CloudClient({ baseUrl: cloud.url, token: "secret-device-token" });

  const a = dest();
  await client.downloadDocument("/api/agent/jobs/j1/document", a);
  const b = dest();
  await client.downloadDocument(`${storage.url}/bucket/j1.pdf?signature=abc`, b);

  expect(fs.readFileSync(a, "utf8")).toBe("%PDF-cloud");
  expect(fs.readFileSync(b, "utf8")).toBe("%PDF-storage");
  expect(cloud.auth).toEqual(["Bearer secret-device-token"]);
  expect(storage.auth).toEqual([undefined]);
});

test("a document over the size limit fails as permanent and leaves no file behind", async () => {
  const cloud = await fileServer(Buffer.alloc(64 * 1024, 0x41));
  const client = new CloudClient({ baseUrl: cloud.url, token: "t", maxDocumentBytes: 1024 });
  const file = dest();
  const err = await client.downloadDocument("/big.pdf", file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CloudHttpError);
  expect((err as CloudHttpError).permanent).toBe(true);
  expect(fs.readdirSync(path.dirname(file))).toEqual([]);
});
