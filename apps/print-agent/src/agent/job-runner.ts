// Drives the store's jobs to their end, one at a time (a printer prints one job at a time too):
// fetch the document, check the printer, Print-Job, follow the job until a final state.
//
// Never twice: the journal records "submitting" (fsynced) before Print-Job is sent and
// "submitted" with the printer's job id after. A Print-Job whose answer never came (crash, cut
// connection) is looked up on the printer by its unique job-name before anything is sent again
// (ADR 0202). Never lost: every step is journaled before the next, and a restart resumes there.
import fs from "node:fs";
import path from "node:path";
import { CloudHttpError, type CloudClient } from "../cloud/client";
import { TERMINAL_EVENT_STATES } from "../cloud/protocol";
import { IppStatusError, IppTransportError, type IppClient } from "../ipp/client";
import { TERMINAL_JOB_STATES } from "../ipp/codes";
import type { Journal } from "../journal/journal";
import type { JobRecord } from "../journal/state";
import { errorText, type Logger } from "../log";
import type { JobEvents, JobUpdate } from "./job-events";
import { planPrint } from "./job-template";
import { Backoff, Waker } from "./pacing";

export interface JobRunnerOptions {
  jobPollMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** How long the printer is known to remember a job it received (ippeveprinter: about 60 s). */
  printerJobHistoryMs: number;
}

export class JobRunner {
  readonly waker = new Waker();
  /** The job being driven now, if any. */
  currentKey: string | undefined;
  private readonly backoff: Backoff;
  private readonly documentsDir: string;
  /** Jobs whose Cancel-Job the printer has answered (in memory: after a restart it is sent again, harmlessly). */
  private readonly cancelSent = new Set<string>();

  constructor(
    private readonly journal: Journal,
    private readonly cloud: CloudClient,
    private readonly ipp: IppClient,
    private readonly events: JobEvents,
    private readonly log: Logger,
    private readonly opts: JobRunnerOptions,
  ) {
    this.backoff = new Backoff(opts.retryMinMs, opts.retryMaxMs);
    this.documentsDir = path.join(journal.dir, "documents");
    fs.mkdirSync(this.documentsDir, { recursive: true });
  }

  /** Jobs not yet at their end, oldest first. */
  openJobs(): JobRecord[] {
    return [...this.journal.state.jobs.values()]
      .filter((j) => j.phase !== "ended")
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async run(): Promise<void> {
    this.removeFinishedDocuments();
    while (!this.waker.isStopped) {
      const next = this.openJobs()[0];
      if (!next) {
        await this.waker.sleep(60_000);
        continue;
      }
      this.currentKey = next.key;
      try {
        await this.drive(next);
      } finally {
        this.currentKey = undefined;
      }
    }
  }

  /** A cancel for a job that has not reached the printer ends it here and now. */
  cancelQueued(rec: JobRecord): void {
    if (rec.key === this.currentKey || (rec.phase !== "received" && rec.phase !== "downloaded")) return;
    this.end(rec, { state: "canceled", reasons: ["canceled-before-printing"] });
  }

  private async drive(rec: JobRecord): Promise<void> {
    while (!this.waker.isStopped && rec.phase !== "ended") {
      let progressed: boolean;
      try {
        progressed = await this.step(rec);
      } catch (err) {
        this.log.error("unexpected error while printing a job", { jobId: rec.job.jobId, error: errorText(err) });
        progressed = false;
      }
      if (progressed) this.backoff.reset();
      else if (!isEnded(rec)) await this.waker.sleep(this.backoff.next());
    }
  }

  /** One step of the job; false when it has to wait (the caller sleeps, growing the delay). */
  private async step(rec: JobRecord): Promise<boolean> {
    if (!rec.lastReported) this.events.report(rec, { state: "received" });
    // a crash between the final event and "ended": the end is already reported, only record it
    if (TERMINAL_EVENT_STATES.has(rec.lastReported!.state)) {
      this.journal.append({ t: "ended", at: now(), key: rec.key, state: rec.lastReported!.state });
      fs.rmSync(this.documentPath(rec), { force: true });
      return true;
    }
    switch (rec.phase) {
      case "received":
        if (rec.cancelRequested) return this.end(rec, { state: "canceled", reasons: ["canceled-before-printing"] });
        return this.download(rec);
      case "downloaded":
        if (rec.cancelRequested) return this.end(rec, { state: "canceled", reasons: ["canceled-before-printing"] });
        return this.submit(rec);
      case "submitting":
        return this.recoverSubmission(rec);
      case "submitted":
        return this.follow(rec);
      default:
        return true;
    }
  }

  private documentPath(rec: JobRecord): string {
    return path.join(this.documentsDir, `${encodeURIComponent(rec.key)}.pdf`);
  }

  private async download(rec: JobRecord): Promise<boolean> {
    try {
      const bytes = await this.cloud.downloadDocument(rec.job.documentUrl, this.documentPath(rec));
      this.journal.append({ t: "downloaded", at: now(), key: rec.key });
      this.log.info("document fetched", { jobId: rec.job.jobId, attempt: rec.job.attempt, bytes });
      return true;
    } catch (err) {
      if (err instanceof CloudHttpError && err.permanent) {
        return this.end(rec, { state: "failed", reasons: ["document-unavailable"], message: err.message });
      }
      this.log.warn("could not fetch the document; retrying", { jobId: rec.job.jobId, error: errorText(err) });
      return false;
    }
  }

  private async submit(rec: JobRecord): Promise<boolean> {
    let printer;
    try {
      printer = await this.ipp.printerStatus();
    } catch (err) {
      return this.wait(rec, "printer-unreachable", err);
    }
    if (!printer.acceptingJobs) return this.wait(rec, "printer-not-accepting-jobs");
    const plan = planPrint(rec.job, printer.attributes);
    if (!plan.ok) return this.end(rec, { state: "failed", reasons: plan.reasons });
    // the document went missing from the state folder (a person tidying up): fetch it again
    if (!fs.existsSync(this.documentPath(rec))) return this.download(rec);

    this.journal.append({ t: "submitting", at: now(), key: rec.key });
    try {
      const { printerJobId } = await this.ipp.printJob({
        jobName: rec.jobName,
        documentFormat: plan.documentFormat,
        documentPath: this.documentPath(rec),
        template: plan.template,
      });
      this.journal.append({ t: "submitted", at: now(), key: rec.key, printerJobId });
      this.log.info("job sent to the printer", { jobId: rec.job.jobId, attempt: rec.job.attempt, printerJobId });
      return true;
    } catch (err) {
      if (err instanceof IppStatusError) {
        // a definite refusal: the printer did not take the job, so sending it again is safe
        this.journal.append({ t: "submit-refused", at: now(), key: rec.key, reason: err.status });
        if (err.retryable) return this.wait(rec, err.status);
        return this.end(rec, { state: "failed", reasons: ["printer-rejected-job", err.status] });
      }
      if (err instanceof IppTransportError && !err.maybeDelivered) {
        this.journal.append({ t: "submit-refused", at: now(), key: rec.key, reason: "printer-unreachable" });
        return this.wait(rec, "printer-unreachable", err);
      }
      // the printer may have the job: stay "submitting" and look it up before anything else
      this.log.warn("Print-Job got no answer; looking the job up on the printer", { jobId: rec.job.jobId, error: errorText(err) });
      return true;
    }
  }

  private async recoverSubmission(rec: JobRecord): Promise<boolean> {
    let jobs;
    try {
      jobs = await this.ipp.getJobs();
    } catch (err) {
      if (err instanceof IppStatusError && !err.retryable) {
        return this.end(rec, {
          state: "unknown",
          reasons: ["submission-uncertain"],
          message: `the printer cannot list its jobs (${err.status})`,
        });
      }
      return this.wait(rec, "printer-unreachable", err);
    }
    const found = jobs.filter((j) => j.jobName === rec.jobName).sort((a, b) => b.printerJobId - a.printerJobId)[0];
    if (found) {
      this.log.info("found the job on the printer after an unanswered Print-Job", {
        jobId: rec.job.jobId,
        printerJobId: found.printerJobId,
      });
      this.journal.append({ t: "submitted", at: now(), key: rec.key, printerJobId: found.printerJobId });
      return true;
    }
    const since = Date.now() - Date.parse(rec.submittingAt ?? new Date(0).toISOString());
    if (since <= this.opts.printerJobHistoryMs) {
      // the printer would still list the job had it received it: it did not, so send it again
      this.journal.append({ t: "submit-refused", at: now(), key: rec.key, reason: "not-on-printer" });
      return true;
    }
    // the printer may have printed it and forgotten it since: only a person can tell
    return this.end(rec, {
      state: "unknown",
      reasons: ["submission-uncertain"],
      message: "the printer does not list the job and may have printed it: check the printer's output",
    });
  }

  private async follow(rec: JobRecord): Promise<boolean> {
    const printerJobId = rec.printerJobId!;
    if (rec.cancelRequested && !this.cancelSent.has(rec.key)) {
      try {
        await this.ipp.cancelJob(printerJobId);
        this.cancelSent.add(rec.key);
      } catch (err) {
        // not-possible: the job is already finished; the next look says how it ended
        if (err instanceof IppStatusError) this.cancelSent.add(rec.key);
        else return this.wait(rec, "printer-unreachable", err);
      }
    }
    let status;
    try {
      status = await this.ipp.getJobAttributes(printerJobId);
    } catch (err) {
      this.log.warn("could not read the job's state from the printer; retrying", {
        jobId: rec.job.jobId,
        printerJobId,
        error: errorText(err),
      });
      return false;
    }
    // a printer that restarted may number its jobs from 1 again: the name tells whose job it is
    if (!status || (status.jobName !== undefined && status.jobName !== rec.jobName)) {
      return this.end(rec, {
        state: "unknown",
        reasons: ["job-not-found-on-printer"],
        message: "the printer no longer knows the job; its last state was reported",
      });
    }
    const update: JobUpdate = {
      state: status.state,
      reasons: status.reasons,
      impressionsCompleted: status.impressionsCompleted,
      message: status.stateMessage,
    };
    if (TERMINAL_JOB_STATES.has(status.state)) return this.end(rec, update);
    this.events.report(rec, update);
    await this.waker.sleep(this.opts.jobPollMs);
    return true;
  }

  /** Reports that the job waits for the printer (once per reason) and asks the caller to retry later. */
  private wait(rec: JobRecord, reason: string, err?: unknown): boolean {
    if (err) this.log.warn("printer not available; retrying", { jobId: rec.job.jobId, reason, error: errorText(err) });
    this.events.report(rec, { state: "waiting", reasons: [reason] });
    return false;
  }

  /** The final event first, then the journal's "ended": a crash between the two repeats nothing. */
  private end(rec: JobRecord, update: JobUpdate): boolean {
    this.events.report(rec, update);
    this.journal.append({ t: "ended", at: now(), key: rec.key, state: update.state });
    this.log.info("job finished", { jobId: rec.job.jobId, attempt: rec.job.attempt, state: update.state, reasons: update.reasons ?? [] });
    fs.rmSync(this.documentPath(rec), { force: true });
    return true;
  }

  private removeFinishedDocuments(): void {
    const open = new Set(this.openJobs().map((j) => `${encodeURIComponent(j.key)}.pdf`));
    for (const f of fs.readdirSync(this.documentsDir)) {
      if (!open.has(f)) fs.rmSync(path.join(this.documentsDir, f), { force: true });
    }
  }
}

function now(): string {
  return new Date().toISOString();
}

function isEnded(rec: JobRecord): boolean {
  return rec.phase === "ended";
}
