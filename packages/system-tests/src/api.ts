import { randomBytes } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { ContractChecker, ContractViolation } from "./contract";

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function read<T>(res: Response): Promise<Res<T>> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** One checker per origin: the gateway's /api/docs, or a service's own /openapi.json; none for an origin without a document. */
const checkers = new Map<string, Promise<ContractChecker | undefined>>();

function checkerFor(base: string): Promise<ContractChecker | undefined> {
  let c = checkers.get(base);
  if (!c) {
    c = (async () => {
      for (const p of ["/api/docs", "/openapi.json"]) {
        const res = await fetch(base + p).catch(() => undefined);
        if (!res?.ok) {
          await res?.body?.cancel();
          continue;
        }
        const doc = (await res.json().catch(() => undefined)) as { openapi?: string } | undefined;
        if (doc?.openapi?.startsWith("3.")) return new ContractChecker(doc);
      }
      return undefined;
    })();
    checkers.set(base, c);
  }
  return c;
}

/** Operations answered that the document does not give a schema for, per origin (a test may print or assert on it). */
export async function undeclaredAnswers(base: string): Promise<Map<string, number>> {
  return (await checkerFor(base))?.undeclared ?? new Map();
}

/**
 * A small HTTP client for one origin (the gateway, or a service when a test goes around it).
 * `traceparent`, when set, is sent on every request so a whole booking joins one trace.
 * Every answer is checked against the origin's OpenAPI document (`contract: false` to skip): an
 * answer that breaks a declared response schema throws ContractViolation; one the document has no
 * schema for is noted once (a line on stderr) and counted in `undeclaredAnswers`.
 */
export class Api {
  constructor(
    readonly base: string,
    readonly opts: { traceparent?: string; contract?: boolean } = {},
  ) {}

  private async checked<T>(method: string, p: string, res: Res<T>): Promise<Res<T>> {
    if (this.opts.contract === false) return res;
    const checker = await checkerFor(this.base);
    if (!checker) return res;
    const before = checker.undeclared.size;
    const finding = checker.check({ method, path: p, status: res.status, contentType: res.headers.get("content-type"), body: res.body });
    if (finding) throw new ContractViolation(finding, res.body);
    // one plain line per operation (console.warn would add a code frame to each under jest)
    if (checker.undeclared.size > before) process.stderr.write(`contract: no response schema for ${method} ${p.split("?")[0]} (${res.status}) in ${this.base}'s document; not checked\n`);
    return res;
  }

  private headers(o: CallOptions): Record<string, string> {
    const h: Record<string, string> = { ...o.headers };
    if (this.opts.traceparent) h.traceparent = this.opts.traceparent;
    if (o.token) h.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) h["content-type"] = "application/json";
    return h;
  }

  async call<T = any>(method: string, p: string, o: CallOptions = {}): Promise<Res<T>> {
    const res = await fetch(this.base + p, {
      method,
      headers: this.headers(o),
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      redirect: "manual",
    });
    return this.checked(method, p, await read<T>(res));
  }

  get<T = any>(p: string, o: CallOptions = {}) {
    return this.call<T>("GET", p, o);
  }

  post<T = any>(p: string, body?: unknown, o: CallOptions = {}) {
    return this.call<T>("POST", p, { ...o, body: body ?? {} });
  }

  async upload<T = any>(p: string, token: string, bytes: Uint8Array, fileName: string, type = "application/pdf"): Promise<Res<T>> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
    const res = await fetch(this.base + p, { method: "POST", headers: this.headers({ token }), body: form });
    return this.checked("POST", p, await read<T>(res));
  }
}

/** A real PDF with `pages` pages (text on each, so it is not trivially empty). */
export async function makePdf(pages: number, title = "preprint system test"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`${title} - page ${i}`, { x: 50, y: 780, size: 14, font });
  return doc.save();
}

/** A W3C traceparent with a fresh trace id; the span id stands for the test's own (unexported) root. */
export function newTraceparent(): { traceparent: string; traceId: string; rootSpanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const rootSpanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${rootSpanId}-01`, traceId, rootSpanId };
}

/** YYYY-MM-DD in Asia/Seoul, `days` from today. */
export function seoulDate(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
