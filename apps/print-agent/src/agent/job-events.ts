// Turns what the agent learns about a job into numbered events in the outbox. Only changes are
// recorded; the seq numbers grow per jobId across attempts, so the cloud can drop repeats by
// (jobId, seq) and order what it keeps.
import type { JobEventState } from "../cloud/protocol";
import type { Journal } from "../journal/journal";
import type { JobRecord } from "../journal/state";

export interface JobUpdate {
  state: JobEventState;
  reasons?: string[];
  impressionsCompleted?: number;
  message?: string;
}

export class JobEvents {
  constructor(
    private readonly journal: Journal,
    private readonly printerUri: string,
    private readonly onEnqueued: () => void,
  ) {}

  /** Records the update as the job's next event unless it repeats the last one. */
  report(rec: JobRecord, update: JobUpdate): boolean {
    const reasons = [...(update.reasons ?? [])].sort();
    const impressionsCompleted = update.impressionsCompleted ?? rec.lastReported?.impressionsCompleted ?? 0;
    const last = rec.lastReported;
    if (
      last &&
      last.state === update.state &&
      last.impressionsCompleted === impressionsCompleted &&
      last.reasons.join() === reasons.join()
    ) {
      return false;
    }
    const seq = (this.journal.state.lastSeq.get(rec.job.jobId) ?? 0) + 1;
    const at = new Date().toISOString();
    this.journal.append({
      t: "event",
      at,
      jobId: rec.job.jobId,
      event: {
        attempt: rec.job.attempt,
        seq,
        state: update.state,
        reasons,
        impressionsCompleted,
        printerUri: this.printerUri,
        printerJobId: rec.printerJobId ?? null,
        ...(update.message ? { message: update.message.slice(0, 1000) } : {}),
        at,
      },
    });
    this.onEnqueued();
    return true;
  }

  /** A job the cloud offered that the agent cannot even read: reported failed, never printed. */
  reportUnreadable(jobId: string, attempt: number, problem: string): void {
    const seq = (this.journal.state.lastSeq.get(jobId) ?? 0) + 1;
    const at = new Date().toISOString();
    this.journal.append({
      t: "event",
      at,
      jobId,
      event: {
        attempt,
        seq,
        state: "failed",
        reasons: ["invalid-job"],
        impressionsCompleted: 0,
        printerUri: this.printerUri,
        printerJobId: null,
        message: problem.slice(0, 1000),
        at,
      },
    });
    this.onEnqueued();
  }
}
