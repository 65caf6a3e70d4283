// Delivers the journal's outbox to the cloud, oldest first, one at a time, until acknowledged.
// A network cut only delays delivery: the events stay in the journal across restarts.
import { CloudHttpError, type CloudClient } from "../cloud/client";
import type { Journal } from "../journal/journal";
import { errorText, type Logger } from "../log";
import { Backoff, Waker } from "./pacing";

export class OutboxSender {
  readonly waker = new Waker();
  private readonly backoff: Backoff;

  constructor(
    private readonly journal: Journal,
    private readonly cloud: CloudClient,
    private readonly log: Logger,
    retry: { minMs: number; maxMs: number },
  ) {
    this.backoff = new Backoff(retry.minMs, retry.maxMs);
  }

  async run(): Promise<void> {
    while (!this.waker.isStopped) {
      const next = this.journal.state.outbox[0];
      if (!next) {
        await this.waker.sleep(60_000);
        continue;
      }
      try {
        await this.cloud.postEvent(next.jobId, next.event);
        this.acknowledge(next.jobId, next.event.seq);
        this.backoff.reset();
      } catch (err) {
        if (this.waker.isStopped) return;
        if (err instanceof CloudHttpError && err.status === 409) {
          // the cloud already has this (jobId, seq)
          this.acknowledge(next.jobId, next.event.seq);
        } else if (err instanceof CloudHttpError && err.permanent) {
          this.log.error("the cloud refused a job event; dropped", {
            jobId: next.jobId,
            seq: next.event.seq,
            state: next.event.state,
            status: err.status,
          });
          this.acknowledge(next.jobId, next.event.seq);
        } else {
          const delay = this.backoff.next();
          this.log.warn("could not deliver a job event; retrying", {
            jobId: next.jobId,
            seq: next.event.seq,
            error: errorText(err),
            retryInMs: delay,
          });
          await this.waker.sleep(delay);
        }
      }
    }
  }

  private acknowledge(jobId: string, seq: number): void {
    this.journal.append({ t: "sent", at: new Date().toISOString(), jobId, seq });
  }
}
