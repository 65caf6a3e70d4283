import { AppError, notFound } from "@preprint/service-kit";
import type { Tx } from "../db/client";
import { insertJobEvent, jobEvent } from "../db/job-events";
import { jobById, lockJob, updateJob } from "../db/jobs";
import { enqueue } from "../db/outbox";
import { storeRules } from "../db/settings";
import { applyAgentEvent, type AgentState } from "../domain/job-state";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";
import { publishRequested } from "./dispatch-jobs";

export interface JobEventInput {
  attempt: number;
  seq: number;
  state: AgentState;
  reasons: string[];
  impressionsCompleted: number;
  printerUri: string;
  printerJobId: number | null;
  message?: string;
  at: string;
}

/**
 * Stores an agent's job event once per (jobId, seq) and lets it drive the job. A repeat (the
 * agent lost our answer) is answered the same and changes nothing; a different event under a seq
 * already stored is a conflict. Final outcomes publish print.completed / print.failed, and a job
 * that failed before printing a page goes back to the store's agents as a new attempt while the
 * store's retry limit allows.
 */
export async function recordJobEvent(deps: Deps, agent: DevicePrincipal, jobId: string, e: JobEventInput): Promise<{ duplicate: boolean }> {
  const now = deps.now();
  const outcome = await deps.prisma.$transaction(async (tx: Tx) => {
    await lockJob(tx, jobId);
    const job = await jobById(tx, jobId);
    if (!job || job.storeId !== agent.storeId) throw notFound("Print job", "JOB_NOT_FOUND");
    const stored = await insertJobEvent(tx, {
      jobId,
      seq: e.seq,
      attempt: e.attempt,
      deviceId: agent.deviceId,
      state: e.state,
      reasons: e.reasons,
      impressionsCompleted: e.impressionsCompleted,
      printerUri: e.printerUri,
      printerJobId: e.printerJobId,
      message: e.message ?? null,
      at: new Date(e.at),
    });
    if (!stored) {
      const earlier = await jobEvent(tx, jobId, e.seq);
      if (earlier && (earlier.attempt !== e.attempt || earlier.state !== e.state)) {
        throw new AppError(409, "EVENT_SEQ_TAKEN", `Event ${e.seq} of this job was already reported with different content.`);
      }
      return { duplicate: true, notify: false };
    }
    const rules = await storeRules(tx, job.storeId);
    const result = applyAgentEvent(
      {
        status: job.status,
        attempt: job.attempt,
        lastSeq: job.lastSeq,
        cancelRequested: job.cancelRequested,
        impressionsPrinted: job.impressionsPrinted,
        retryLimit: rules.retryLimit,
      },
      e,
    );
    const store = { id: job.storeId, name: job.reservation.storeName, timeZone: job.reservation.storeTimeZone };
    const base = { jobId, reservationId: job.reservationId, store, attempt: job.attempt, impressionsPaid: job.impressionsPaid };
    const seen = { lastSeq: e.seq, attemptAcknowledged: true, printerUri: e.printerUri };
    switch (result.kind) {
      case "ignore":
        // an older attempt's late report or a seq below what was applied: kept, not applied
        if (e.attempt === job.attempt && job.status === "SENT") await updateJob(tx, jobId, { attemptAcknowledged: true });
        return { duplicate: false, notify: false };
      case "progress":
        await updateJob(tx, jobId, { ...seen, status: result.status, impressionsCurrent: result.impressionsCurrent });
        return { duplicate: false, notify: false };
      case "completed":
        await updateJob(tx, jobId, {
          ...seen,
          status: "COMPLETED",
          impressionsPrinted: result.impressionsPrinted,
          impressionsCurrent: 0,
          finishedAt: now,
        });
        await enqueue(
          tx,
          "print.completed",
          { ...base, impressionsPrinted: result.impressionsPrinted, printerUri: e.printerUri, completedAt: now.toISOString() },
          now,
        );
        return { duplicate: false, notify: false };
      case "canceled":
        await updateJob(tx, jobId, {
          ...seen,
          status: "CANCELED",
          impressionsPrinted: result.impressionsPrinted,
          impressionsCurrent: 0,
          failureReason: "REFUNDED",
          finishedAt: now,
        });
        return { duplicate: false, notify: false };
      case "retry":
        // any agent of the store may take the next attempt (another printer may do better)
        await updateJob(tx, jobId, {
          ...seen,
          status: "READY",
          attempt: result.nextAttempt,
          deviceId: null,
          attemptAcknowledged: false,
          impressionsCurrent: 0,
          failureReason: result.reason,
        });
        await publishRequested(tx, [jobId], now);
        return { duplicate: false, notify: true };
      case "failed":
        await updateJob(tx, jobId, {
          ...seen,
          status: "FAILED",
          impressionsPrinted: result.impressionsPrinted,
          impressionsCurrent: 0,
          failureReason: result.reason,
          finishedAt: now,
        });
        await enqueue(
          tx,
          "print.failed",
          {
            ...base,
            impressionsPrinted: result.impressionsPrinted,
            reason: result.reason,
            printerReasons: e.reasons,
            refundable: result.refundable,
            failedAt: now.toISOString(),
          },
          now,
        );
        return { duplicate: false, notify: false };
    }
  });
  if (outcome.notify) deps.signal.notify(agent.storeId);
  return { duplicate: outcome.duplicate };
}
