import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError, type Logger } from "@preprint/service-kit";
import { TOO_COMPLEX_DETAIL, type PdfInspection } from "../domain/pdf";
import type { InspectJob } from "./inspect-worker";

export interface InspectorLimits {
  /** inspections running at once (one worker thread each) */
  concurrency: number;
  /** inspections waiting for a free worker; one more is refused with 503 UPLOADS_BUSY */
  queue: number;
  /** a worker still busy this long after it started is terminated: 422 PDF_TOO_COMPLEX */
  timeoutMs: number;
  /** V8 heap of one worker (old generation); exceeding it ends the worker: 422 PDF_TOO_COMPLEX */
  heapMb: number;
  /** what a document's streams may decode to in total (decode-budget.ts) */
  maxDecodedBytes: number;
}

export interface InspectorStats {
  active: number;
  queued: number;
  /** workers ended by the deadline or their heap limit, since start */
  killed: number;
  /** workers started, since start */
  started: number;
}

/** seconds a client refused for a full queue is told to wait */
export const BUSY_RETRY_AFTER_S = 5;

const tooComplex: PdfInspection = { ok: false, problem: "PDF_TOO_COMPLEX", detail: TOO_COMPLEX_DETAIL };

/**
 * The compiled worker script. Tests run this module from its TypeScript source, after the build
 * (turbo's test task depends on it): the worker thread then runs the compiled file in dist/.
 */
function workerScript(): string {
  const here = path.join(__dirname, "inspect-worker.js");
  if (existsSync(here)) return here;
  return path.join(__dirname.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), "inspect-worker.js");
}

/**
 * Inspects staged PDFs off the event loop: one fresh worker_thread per file (nothing a bad file
 * did survives it), with a heap limit, a deadline and a cap on decoded bytes; at most
 * `concurrency` at once, `queue` more waiting, the rest refused at once with 503 + Retry-After.
 * A worker's memory is released when it is terminated, so the service's footprint is bounded by
 * concurrency × (heap + decoded bytes + file) whatever the files are.
 */
export class PdfInspector {
  private active = 0;
  private killed = 0;
  private started = 0;
  private readonly waiting: { resolve(): void; reject(err: unknown): void }[] = [];
  private readonly workers = new Set<Worker>();
  private readonly script = workerScript();

  constructor(
    private readonly limits: InspectorLimits,
    private readonly logger?: Logger,
  ) {}

  stats(): InspectorStats {
    return { active: this.active, queued: this.waiting.length, killed: this.killed, started: this.started };
  }

  /** Rejects with 503 UPLOADS_BUSY when the queue is full; `signal` (the client went away) ends the wait or the worker. */
  async inspect(file: string, signal?: AbortSignal): Promise<PdfInspection> {
    await this.acquire(signal);
    try {
      return await this.run(file, signal);
    } finally {
      this.release();
    }
  }

  /** Terminates every running worker (shutdown). */
  async close(): Promise<void> {
    for (const w of this.waiting.splice(0)) w.reject(new Error("inspector closed"));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.limits.concurrency) {
      this.active++;
      return;
    }
    if (this.waiting.length >= this.limits.queue) {
      throw new AppError(503, "UPLOADS_BUSY", "Too many files are being checked right now. Please try again in a few seconds.", {
        retryAfterSeconds: BUSY_RETRY_AFTER_S,
      });
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot to the next waiter, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.active--;
  }

  private run(file: string, signal?: AbortSignal): Promise<PdfInspection> {
    return new Promise((resolve, reject) => {
      const job: InspectJob = { file, maxDecodedBytes: this.limits.maxDecodedBytes };
      const worker = new Worker(this.script, {
        workerData: job,
        // none of the service's node flags or preloads (tracing, harness hooks): the worker only parses
        execArgv: [],
        resourceLimits: {
          maxOldGenerationSizeMb: this.limits.heapMb,
          maxYoungGenerationSizeMb: Math.max(4, Math.ceil(this.limits.heapMb / 8)),
          stackSizeMb: 4,
        },
        stdout: true,
        stderr: true,
      });
      this.workers.add(worker);
      this.started++;
      let settled = false;
      const settle = (outcome: { result: PdfInspection } | { error: unknown }, kill = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (kill) this.killed++;
        void worker.terminate().finally(() => this.workers.delete(worker));
        if ("result" in outcome) resolve(outcome.result);
        else reject(outcome.error);
      };
      // the deadline counts from the thread's start, not its creation: a loaded machine makes
      // threads slow to start, and that must not turn a good file into PDF_TOO_COMPLEX
      let timer: NodeJS.Timeout | undefined;
      worker.once("online", () => {
        if (!settled) timer = setTimeout(() => settle({ result: tooComplex }, true), this.limits.timeoutMs);
      });
      const onAbort = () => settle({ error: signal!.reason });
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.once("message", (result: PdfInspection) => settle({ result }));
      let online = false;
      worker.once("online", () => (online = true));
      worker.once("error", (err: Error & { code?: string }) => {
        // a worker that never started is our failure (a 500 with the cause logged), not the file's
        if (!online) settle({ error: err });
        // out of heap is what a hostile file does; anything else it made the parser throw is damage
        else if (err.code === "ERR_WORKER_OUT_OF_MEMORY") settle({ result: tooComplex }, true);
        else {
          // the worker catches parse errors itself: this is an error outside that (a parser
          // callback, or a broken worker script); logged so the second kind does not hide
          this.logger?.warn(
            { err_name: err.name, err_code: err.code, err_message: err.message.slice(0, 200) },
            "pdf inspection worker failed",
          );
          settle({ result: { ok: false, problem: "PDF_CORRUPT", detail: "The PDF is damaged and cannot be read." } });
        }
      });
      worker.once("exit", () => settle({ error: new Error("inspection worker exited without an answer") }));
      // stdout/stderr are piped (not inherited) so nothing a parser prints reaches the service's log
      worker.stdout.resume();
      worker.stderr.resume();
    });
  }
}
