// Asks the cloud for the store's jobs (long poll, outbound only) and takes each into the journal
// before anything else happens to it: a job the agent has not journaled is the cloud's to offer
// again, a job it has journaled is never taken twice.
import type { CloudClient } from "../cloud/client";
import type { AgentJob, JobRef } from "../cloud/protocol";
import type { Journal } from "../journal/journal";
import { jobKey } from "../journal/state";
import { errorText, type Logger } from "../log";
import type { JobEvents } from "./job-events";
import type { JobRunner } from "./job-runner";
import { Backoff, Waker } from "./pacing";

export class JobPoller {
  readonly waker = new Waker();
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly unreadable = new Set<string>();
  private failing = false;

  constructor(
    private readonly journal: Journal,
    private readonly cloud: CloudClient,
    private readonly events: JobEvents,
    private readonly runner: JobRunner,
    private readonly log: Logger,
    private readonly opts: { waitSeconds: number; retryMinMs: number; retryMaxMs: number; onJob: () => void },
  ) {
    this.backoff = new Backoff(opts.retryMinMs, opts.retryMaxMs);
  }

  stop(): void {
    this.waker.stop();
    this.abort.abort();
  }

  async run(): Promise<void> {
    while (!this.waker.isStopped) {
      let newJobs = 0;
      try {
        const polled = await this.cloud.pollJobs(this.opts.waitSeconds, this.abort.signal);
        if (this.failing) this.log.info("the cloud is reachable again");
        this.failing = false;
        this.backoff.reset();
        for (const job of polled.jobs) newJobs += this.accept(job) ? 1 : 0;
        for (const bad of polled.rejected) this.rejectUnreadable(bad);
        for (const ref of polled.cancel) this.cancel(ref);
        if (polled.jobs.length > 0 && newJobs === 0) {
          // only jobs already taken: their "received" is still on its way; don't spin on them
          await this.waker.sleep(Math.max(1000, this.opts.retryMinMs));
        }
      } catch (err) {
        if (this.waker.isStopped) return;
        const delay = this.backoff.next();
        if (!this.failing) this.log.warn("cannot reach the cloud for jobs; retrying", { error: errorText(err), retryInMs: delay });
        this.failing = true;
        await this.waker.sleep(delay);
      }
    }
  }

  private accept(job: AgentJob): boolean {
    const key = jobKey(job.jobId, job.attempt);
    if (this.journal.state.jobs.has(key)) return false;
    this.journal.append({ t: "job", at: new Date().toISOString(), job });
    this.events.report(this.journal.state.jobs.get(key)!, { state: "received" });
    this.log.info("job received", {
      jobId: job.jobId,
      attempt: job.attempt,
      reservationId: job.reservationId,
      pages: job.pages,
      copies: job.copies,
    });
    this.runner.waker.wake();
    this.opts.onJob();
    return true;
  }

  private rejectUnreadable(bad: { jobId?: string; attempt?: number; problem: string }): void {
    if (!bad.jobId || !bad.attempt) {
      this.log.error("the cloud offered a job without jobId/attempt; ignored", { problem: bad.problem });
      return;
    }
    const key = jobKey(bad.jobId, bad.attempt);
    if (this.unreadable.has(key) || this.journal.state.jobs.has(key)) return;
    this.unreadable.add(key);
    this.log.error("the cloud offered a job the agent cannot read; reported failed", { jobId: bad.jobId, problem: bad.problem });
    this.events.reportUnreadable(bad.jobId, bad.attempt, bad.problem);
  }

  private cancel(ref: JobRef): void {
    const rec = this.journal.state.jobs.get(jobKey(ref.jobId, ref.attempt));
    if (!rec || rec.phase === "ended" || rec.cancelRequested) return;
    this.journal.append({ t: "cancel", at: new Date().toISOString(), key: rec.key });
    this.log.info("cancel requested", { jobId: ref.jobId, attempt: ref.attempt });
    this.runner.cancelQueued(rec);
    this.runner.waker.wake();
  }
}
