import http from "node:http";
import { deflateSync } from "node:zlib";

/**
 * Uploads an attacker sends: each kind is one request against POST /api/uploads, ending in an
 * HTTP status or in the client's own hang-up. Built from raw node:http so the bench controls
 * exactly when bytes go out and when the socket is dropped.
 */
export type HostileKind = "bomb" | "aborted" | "slow";
export const HOSTILE_KINDS: readonly HostileKind[] = ["bomb", "aborted", "slow"];

const BOUNDARY = "----preprint-bench-hostile";

function multipartHead(fileName: string): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
}
const multipartTail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/**
 * A small, well-formed PDF whose one object stream (/Type /ObjStm, FlateDecode) inflates to
 * `inflatedMiB` of whitespace: a few hundred KB on the wire, hundreds of MB for a parser that
 * decodes object streams without a limit.
 */
export function decompressionBomb(inflatedMiB = 300): Buffer {
  const body = Buffer.alloc(inflatedMiB * 1024 * 1024, 0x20);
  body.write("5 0 ", 0, "latin1");
  const packed = deflateSync(body, { level: 9 });
  const parts: (string | Buffer)[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (p: string | Buffer) => {
    parts.push(p);
    length += typeof p === "string" ? Buffer.byteLength(p, "latin1") : p.length;
  };
  push("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  const obj = (n: number, text: string | Buffer[], streamDict?: string) => {
    offsets[n] = length;
    if (streamDict) {
      push(`${n} 0 obj\n${streamDict}\nstream\n`);
      for (const b of text as Buffer[]) push(b);
      push("\nendstream\nendobj\n");
    } else push(`${n} 0 obj\n${text as string}\nendobj\n`);
  };
  obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
  obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
  obj(4, [packed], `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>`);
  const xref = length;
  push(`xref\n0 5\n0000000000 65535 f \n`);
  for (let n = 1; n <= 4; n++) push(`${String(offsets[n]).padStart(10, "0")} 00000 n \n`);
  push(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));
}

export interface HostileOutcome {
  kind: HostileKind;
  /** the HTTP status, or "hung up" when the client dropped the connection on purpose, or the error */
  outcome: string;
  ms: number;
}

interface UploadTarget {
  baseUrl: string;
  token: string;
}

function request(t: UploadTarget, contentLength: number): http.ClientRequest {
  const u = new URL("/api/uploads", t.baseUrl);
  return http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: "POST",
    agent: false,
    headers: {
      authorization: `Bearer ${t.token}`,
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      "content-length": contentLength,
    },
  });
}

function settle(req: http.ClientRequest, kind: HostileKind, t0: number): Promise<HostileOutcome> {
  return new Promise((resolve) => {
    const done = (outcome: string) => resolve({ kind, outcome, ms: Date.now() - t0 });
    req.once("response", (res) => {
      res.resume();
      res.once("end", () => done(String(res.statusCode)));
      res.once("error", () => done(String(res.statusCode)));
    });
    req.once("error", (err: NodeJS.ErrnoException) =>
      done(req.destroyed && (req as { hungUp?: boolean }).hungUp ? "hung up" : `error ${err.code ?? err.message}`),
    );
    req.once("close", () => {
      if ((req as { hungUp?: boolean }).hungUp) done("hung up");
    });
  });
}

function hangUp(req: http.ClientRequest): void {
  (req as { hungUp?: boolean }).hungUp = true;
  req.destroy();
}

/** The bomb, sent whole: the service must answer it with a quick 4xx. */
export function sendBomb(t: UploadTarget, bomb: Buffer): Promise<HostileOutcome> {
  const t0 = Date.now();
  const head = multipartHead("bomb.pdf");
  const req = request(t, head.length + bomb.length + multipartTail.length);
  const p = settle(req, "bomb", t0);
  req.end(Buffer.concat([head, bomb, multipartTail]));
  return p;
}

/** Announces `announcedMiB`, sends `sentMiB` of it as fast as it can, then hangs up. */
export function sendAborted(t: UploadTarget, announcedMiB = 29, sentMiB = 20): Promise<HostileOutcome> {
  const t0 = Date.now();
  const head = multipartHead("aborted.pdf");
  const req = request(t, head.length + announcedMiB * 1024 * 1024 + multipartTail.length);
  const p = settle(req, "aborted", t0);
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  chunk.write("%PDF-1.7\n", 0, "latin1");
  req.write(head);
  let sent = 0;
  const pump = () => {
    while (sent < sentMiB * 1024 * 1024) {
      sent += chunk.length;
      if (!req.write(chunk)) return void req.once("drain", pump);
    }
    hangUp(req);
  };
  pump();
  return p;
}

/** A slowloris upload: a trickle of bytes (`bytesPerTick` every `tickMs`) for `seconds`, then a hang-up. */
export function sendSlow(t: UploadTarget, seconds: number, bytesPerTick = 512, tickMs = 100): Promise<HostileOutcome> {
  const t0 = Date.now();
  const head = multipartHead("slow.pdf");
  const req = request(t, head.length + 10 * 1024 * 1024 + multipartTail.length);
  const p = settle(req, "slow", t0);
  req.write(Buffer.concat([head, Buffer.from("%PDF-1.7\n", "latin1")]));
  const tick = setInterval(() => {
    if (Date.now() - t0 >= seconds * 1000) {
      clearInterval(tick);
      hangUp(req);
      return;
    }
    req.write(Buffer.alloc(bytesPerTick, 0x20));
  }, tickMs);
  void p.finally(() => clearInterval(tick));
  return p;
}
