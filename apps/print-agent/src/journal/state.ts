// What the agent knows, rebuilt from the journal by applying its records in order (pure: the
// same function serves replay at start-up and every live append).
import type { AgentJob, JobEvent, JobEventState } from "../cloud/protocol";

export type JobPhase = "received" | "downloaded" | "submitting" | "submitted" | "ended";

export interface JobRecord {
  key: string;
  job: AgentJob;
  receivedAt: string;
  phase: JobPhase;
  /** The IPP job-name, unique per job and attempt: how a lost Print-Job answer is found again. */
  jobName: string;
  submittingAt?: string;
  printerJobId?: number;
  cancelRequested?: boolean;
  endState?: JobEventState;
  endedAt?: string;
  /** The last state reported for this job (to report only changes). */
  lastReported?: { state: JobEventState; reasons: string[]; impressionsCompleted: number };
}

export interface OutboxEntry {
  jobId: string;
  event: JobEvent;
}

export interface AgentState {
  jobs: Map<string, JobRecord>;
  /** Events not yet acknowledged by the cloud, oldest first. */
  outbox: OutboxEntry[];
  lastSeq: Map<string, number>;
}

export type JournalRecord =
  | { t: "snapshot"; at: string; jobs: JobRecord[]; outbox: OutboxEntry[]; lastSeq: Record<string, number> }
  | { t: "job"; at: string; job: AgentJob }
  | { t: "downloaded"; at: string; key: string }
  | { t: "submitting"; at: string; key: string }
  | { t: "submit-refused"; at: string; key: string; reason: string }
  | { t: "submitted"; at: string; key: string; printerJobId: number }
  | { t: "cancel"; at: string; key: string }
  | { t: "ended"; at: string; key: string; state: JobEventState }
  | { t: "event"; at: string; jobId: string; event: JobEvent }
  | { t: "sent"; at: string; jobId: string; seq: number };

export function jobKey(jobId: string, attempt: number): string {
  return `${jobId}#${attempt}`;
}

/** IPP job-name: readable on the printer's panel, unique per job and attempt. */
export function ippJobName(job: AgentJob): string {
  return `preprint-${job.jobId}-${job.attempt}`.slice(0, 255);
}

export function emptyState(): AgentState {
  return { jobs: new Map(), outbox: [], lastSeq: new Map() };
}

export function applyRecord(state: AgentState, rec: JournalRecord): void {
  switch (rec.t) {
    case "snapshot":
      state.jobs = new Map(rec.jobs.map((j) => [j.key, j]));
      state.outbox = [...rec.outbox];
      state.lastSeq = new Map(Object.entries(rec.lastSeq));
      return;
    case "job": {
      const key = jobKey(rec.job.jobId, rec.job.attempt);
      if (state.jobs.has(key)) return;
      state.jobs.set(key, { key, job: rec.job, receivedAt: rec.at, phase: "received", jobName: ippJobName(rec.job) });
      return;
    }
    case "event": {
      state.outbox.push({ jobId: rec.jobId, event: rec.event });
      state.lastSeq.set(rec.jobId, Math.max(state.lastSeq.get(rec.jobId) ?? 0, rec.event.seq));
      const job = state.jobs.get(jobKey(rec.jobId, rec.event.attempt));
      if (job)
        job.lastReported = { state: rec.event.state, reasons: rec.event.reasons, impressionsCompleted: rec.event.impressionsCompleted };
      return;
    }
    case "sent":
      state.outbox = state.outbox.filter((e) => !(e.jobId === rec.jobId && e.event.seq === rec.seq));
      return;
  }
  const job = state.jobs.get(rec.key);
  if (!job) return;
  switch (rec.t) {
    case "downloaded":
      if (job.phase === "received") job.phase = "downloaded";
      return;
    case "submitting":
      job.phase = "submitting";
      job.submittingAt = rec.at;
      return;
    case "submit-refused":
      job.phase = "downloaded";
      job.submittingAt = undefined;
      return;
    case "submitted":
      job.phase = "submitted";
      job.printerJobId = rec.printerJobId;
      return;
    case "cancel":
      job.cancelRequested = true;
      return;
    case "ended":
      job.phase = "ended";
      job.endState = rec.state;
      job.endedAt = rec.at;
      return;
  }
}
