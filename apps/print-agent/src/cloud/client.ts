// HTTP calls to the cloud, all outbound (the café's network lets nothing in). Every call has a
// deadline; the callers decide what to retry.
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { agentJobSchema, jobsResponseSchema, type AgentJob, type JobEvent, type JobRef, type PrinterStatusReport } from "./protocol";

/** The cloud answered, but not with success. `permanent` answers will not change on retry. */
export class CloudHttpError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
  ) {
    super(`${what}: HTTP ${status}`);
  }
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429 && this.status !== 401;
  }
}

export interface PolledJobs {
  jobs: AgentJob[];
  /** Jobs the cloud offered that do not parse: reported back as failed, never printed. */
  rejected: { jobId?: string; attempt?: number; problem: string }[];
  cancel: JobRef[];
}

export interface CloudClientOptions {
  baseUrl: string;
  token: string;
  requestTimeoutMs?: number;
  maxDocumentBytes?: number;
}

export class CloudClient {
  private readonly base: URL;
  private readonly requestTimeoutMs: number;
  private readonly maxDocumentBytes: number;

  constructor(private readonly opts: CloudClientOptions) {
    this.base = new URL(opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`);
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 15_000;
    this.maxDocumentBytes = opts.maxDocumentBytes ?? 200 * 1024 * 1024;
  }

  /** Long poll: the cloud answers at once when it has jobs, else after about `waitSeconds`. */
  async pollJobs(waitSeconds: number, signal?: AbortSignal): Promise<PolledJobs> {
    const res = await this.request(`api/agent/jobs?wait=${waitSeconds}`, {
      method: "GET",
      timeoutMs: (waitSeconds + 15) * 1000,
      signal,
    });
    const body = jobsResponseSchema.parse(await res.json());
    const jobs: AgentJob[] = [];
    const rejected: PolledJobs["rejected"] = [];
    for (const raw of body.jobs) {
      const parsed = agentJobSchema.safeParse(raw);
      if (parsed.success) jobs.push(parsed.data);
      else {
        const r = (raw ?? {}) as { jobId?: unknown; attempt?: unknown };
        rejected.push({
          jobId: typeof r.jobId === "string" ? r.jobId : undefined,
          attempt: typeof r.attempt === "number" ? r.attempt : undefined,
          problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
        });
      }
    }
    return { jobs, rejected, cancel: body.cancel };
  }

  async postEvent(jobId: string, event: JobEvent): Promise<void> {
    await this.request(`api/agent/jobs/${encodeURIComponent(jobId)}/events`, { method: "POST", json: event });
  }

  async postPrinterStatus(report: PrinterStatusReport): Promise<void> {
    await this.request("api/agent/printer-status", { method: "POST", json: report });
  }

  /**
   * Downloads the document to `dest` (through a temporary file, fsynced, then renamed, so a crash
   * never leaves a half file under the final name).
   */
  async downloadDocument(documentUrl: string, dest: string): Promise<number> {
    const url = new URL(documentUrl, this.base);
    // the device token goes only to the cloud itself, never to a storage host a URL may name
    const sameOrigin = url.origin === this.base.origin;
    const res = await fetchWithDeadline(url, {
      headers: sameOrigin ? { authorization: `Bearer ${this.opts.token}` } : {},
      timeoutMs: 10 * 60_000,
    });
    if (!res.ok || !res.body) throw new CloudHttpError("document", res.status);
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > this.maxDocumentBytes) throw new CloudHttpError("document too large", 413);
    const tmp = `${dest}.part`;
    let total = 0;
    const limit = this.maxDocumentBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        cb(total > limit ? new CloudHttpError("document too large", 413) : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), counter, fs.createWriteStream(tmp));
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    const fd = fs.openSync(tmp, "r+");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, dest);
    fsyncDir(path.dirname(dest));
    return total;
  }

  private async request(
    pathAndQuery: string,
    init: { method: string; json?: unknown; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Response> {
    const url = new URL(pathAndQuery, this.base);
    const res = await fetchWithDeadline(url, {
      method: init.method,
      headers: {
        authorization: `Bearer ${this.opts.token}`,
        accept: "application/json",
        ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      timeoutMs: init.timeoutMs ?? this.requestTimeoutMs,
      signal: init.signal,
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new CloudHttpError(`${init.method} /${url.pathname.replace(/^\//, "")}`, res.status);
    }
    return res;
  }
}

async function fetchWithDeadline(
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<Response> {
  const signals = [AbortSignal.timeout(init.timeoutMs), ...(init.signal ? [init.signal] : [])];
  return fetch(url, { method: init.method ?? "GET", headers: init.headers, body: init.body, signal: AbortSignal.any(signals) });
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // some file systems (and Windows) cannot fsync a directory; the rename is still atomic
  }
}
