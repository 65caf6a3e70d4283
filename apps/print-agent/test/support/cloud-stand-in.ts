// A test-only stand-in for the cloud's side of the print-agent protocol (PROTOCOL.md). The real
// routes belong to the gateway and do not exist yet; this is that missing peer, serving exactly
// the documented routes so the agent can be tested over real HTTP. It is not a mock of any code
// in this repository, and it checks the agent's requests on its own (not with the agent's schemas).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInJob {
  jobId: string;
  reservationId: string;
  documentUrl: string;
  fileName: string;
  pages: number;
  copies: number;
  colorMode: "color" | "monochrome";
  duplex: boolean;
  paperSize: string;
  attempt: number;
}

export interface ReceivedEvent {
  attempt: number;
  seq: number;
  state: string;
  reasons: string[];
  impressionsCompleted: number;
  printerUri: string | null;
  printerJobId: number | null;
  message?: string;
  at: string;
}

export interface ReceivedPrinterStatus {
  printerUri: string;
  state: string;
  reasons: string[];
  acceptingJobs: boolean;
  documentFormats: string[];
  at: string;
  agentVersion: string;
}

const TERMINAL = new Set(["completed", "aborted", "canceled", "failed", "unknown"]);

export class CloudStandIn {
  readonly token = `device-${Math.random().toString(36).slice(2)}`;
  private readonly jobs = new Map<string, { job: StandInJob; document: Buffer }>();
  private readonly events = new Map<string, ReceivedEvent[]>();
  private readonly cancels = new Set<string>();
  readonly printerStatuses: ReceivedPrinterStatus[] = [];
  /** Every event POST, duplicates included. */
  eventPosts = 0;
  documentDownloads = 0;
  /** The next N event POSTs are stored, then the connection is destroyed before the answer. */
  dropEventAnswers = 0;
  private waiters = new Set<() => void>();
  private server?: http.Server;

  async start(): Promise<number> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) problem(res, 500, "internal", String(err));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return this.port;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const w of [...this.waiters]) w();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Hands a job to the store's agent (as the cloud does once a reservation is paid and due). */
  addJob(partial: Partial<StandInJob> & { jobId: string }, document: Buffer): StandInJob {
    const job: StandInJob = {
      reservationId: `res-${partial.jobId}`,
      documentUrl: `/api/agent/jobs/${encodeURIComponent(partial.jobId)}/document`,
      fileName: `${partial.jobId}.pdf`,
      pages: 1,
      copies: 1,
      colorMode: "monochrome",
      duplex: false,
      paperSize: "A4",
      attempt: 1,
      ...partial,
    };
    this.jobs.set(keyOf(job.jobId, job.attempt), { job, document });
    this.notify();
    return job;
  }

  cancel(jobId: string, attempt = 1): void {
    this.cancels.add(keyOf(jobId, attempt));
    this.notify();
  }

  eventsOf(jobId: string): ReceivedEvent[] {
    return [...(this.events.get(jobId) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  lastEvent(jobId: string): ReceivedEvent | undefined {
    return this.eventsOf(jobId).at(-1);
  }

  finalEvent(jobId: string): ReceivedEvent | undefined {
    return this.eventsOf(jobId).find((e) => TERMINAL.has(e.state));
  }

  // ---------------------------------------------------------------- routes

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return problem(res, 401, "DEVICE_TOKEN_INVALID", "missing or wrong device token");
    const route = `${req.method} ${url.pathname}`;
    let m: RegExpMatchArray | null;
    if (req.method === "GET" && url.pathname === "/api/agent/jobs") return this.pollJobs(url, req, res);
    if ((m = route.match(/^GET \/api\/agent\/jobs\/([^/]+)\/document$/))) return this.document(decodeURIComponent(m[1]), url, res);
    if ((m = route.match(/^POST \/api\/agent\/jobs\/([^/]+)\/events$/)))
      return this.event(decodeURIComponent(m[1]), await readJson(req), req, res);
    if (route === "POST /api/agent/printer-status") return this.printerStatus(await readJson(req), res);
    problem(res, 404, "not-found", route);
  }

  /** Jobs without any event for their attempt yet; cancels not yet answered by a final event. */
  private offer(): { jobs: StandInJob[]; cancel: { jobId: string; attempt: number }[] } {
    const jobs = [...this.jobs.values()]
      .map((j) => j.job)
      .filter((j) => !(this.events.get(j.jobId) ?? []).some((e) => e.attempt === j.attempt));
    const cancel = [...this.cancels]
      .map((k) => this.jobs.get(k)?.job)
      .filter(
        (j): j is StandInJob => !!j && !(this.events.get(j.jobId) ?? []).some((e) => e.attempt === j.attempt && TERMINAL.has(e.state)),
      )
      .map((j) => ({ jobId: j.jobId, attempt: j.attempt }));
    return { jobs, cancel };
  }

  private pollJobs(url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    const wait = Number(url.searchParams.get("wait") ?? "0");
    if (!Number.isInteger(wait) || wait < 0 || wait > 60) return problem(res, 400, "invalid-wait", "wait is 0–60 seconds");
    const answer = () => {
      if (!res.writableEnded) json(res, 200, this.offer());
    };
    const now = this.offer();
    if (now.jobs.length || now.cancel.length || wait === 0) return answer();
    const done = () => {
      clearTimeout(timer);
      this.waiters.delete(done);
      answer();
    };
    const timer = setTimeout(done, wait * 1000);
    this.waiters.add(done);
    req.on("close", () => {
      clearTimeout(timer);
      this.waiters.delete(done);
    });
  }

  private document(jobId: string, url: URL, res: http.ServerResponse): void {
    const found = [...this.jobs.values()].find(
      (j) => j.job.jobId === jobId && (!url.searchParams.has("attempt") || String(j.job.attempt) === url.searchParams.get("attempt")),
    );
    if (!found) return problem(res, 404, "document-not-found", jobId);
    this.documentDownloads++;
    res.writeHead(200, { "content-type": "application/pdf", "content-length": found.document.length });
    res.end(found.document);
  }

  private event(jobId: string, body: unknown, req: http.IncomingMessage, res: http.ServerResponse): void {
    this.eventPosts++;
    const problemText = checkEvent(body);
    if (problemText) return problem(res, 400, "invalid-event", problemText);
    const event = body as ReceivedEvent;
    if (![...this.jobs.values()].some((j) => j.job.jobId === jobId && j.job.attempt === event.attempt)) {
      return problem(res, 404, "job-not-found", jobId);
    }
    const list = this.events.get(jobId) ?? [];
    const duplicate = list.some((e) => e.seq === event.seq);
    if (!duplicate) {
      list.push(event);
      this.events.set(jobId, list);
      this.notify();
    }
    if (this.dropEventAnswers > 0) {
      this.dropEventAnswers--;
      req.socket.destroy();
      return;
    }
    json(res, 200, { accepted: !duplicate, duplicate });
  }

  private printerStatus(body: unknown, res: http.ServerResponse): void {
    const b = body as ReceivedPrinterStatus;
    if (
      !b ||
      typeof b.printerUri !== "string" ||
      !["idle", "processing", "stopped", "unreachable"].includes(b.state) ||
      !Array.isArray(b.reasons)
    ) {
      return problem(res, 400, "invalid-printer-status", JSON.stringify(body).slice(0, 200));
    }
    this.printerStatuses.push(b);
    res.writeHead(204).end();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

function checkEvent(b: any): string | undefined {
  if (!b || typeof b !== "object") return "body is not an object";
  for (const k of ["attempt", "seq", "impressionsCompleted"])
    if (!Number.isInteger(b[k]) || b[k] < 0) return `${k} must be a non-negative integer`;
  if (b.seq < 1) return "seq starts at 1";
  if (typeof b.state !== "string") return "state must be a string";
  if (!Array.isArray(b.reasons) || b.reasons.some((r: unknown) => typeof r !== "string")) return "reasons must be strings";
  if (typeof b.at !== "string" || Number.isNaN(Date.parse(b.at))) return "at must be a timestamp";
  return undefined;
}

function keyOf(jobId: string, attempt: number): string {
  return `${jobId}#${attempt}`;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function problem(res: http.ServerResponse, status: number, code: string, detail: string): void {
  const text = JSON.stringify({ type: `about:blank#${code}`, title: code.replace(/-/g, " "), status, detail, code });
  res.writeHead(status, { "content-type": "application/problem+json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
