import { cancelsFor, claimReadyJobs, offeredTo } from "../db/jobs";
import { agentColorMode } from "../domain/progress";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";

export interface OfferedJob {
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

export interface JobsAnswer {
  jobs: OfferedJob[];
  cancel: { jobId: string; attempt: number }[];
}

async function lookOnce(deps: Deps, agent: DevicePrincipal): Promise<JobsAnswer> {
  return deps.prisma.$transaction(async (tx) => {
    await claimReadyJobs(tx, agent.storeId, agent.deviceId, deps.now());
    const [jobs, cancel] = await Promise.all([offeredTo(tx, agent.deviceId), cancelsFor(tx, agent.deviceId)]);
    return {
      jobs: jobs.map((j) => ({
        jobId: j.id,
        reservationId: j.reservationId,
        documentUrl: `/api/agent/jobs/${encodeURIComponent(j.id)}/document?attempt=${j.attempt}`,
        fileName: j.fileName,
        pages: j.pages,
        copies: j.copies,
        colorMode: agentColorMode(j.colorMode),
        duplex: j.duplex,
        paperSize: j.paperSize,
        attempt: j.attempt,
      })),
      cancel: cancel.map((c) => ({ jobId: c.id, attempt: c.attempt })),
    };
  });
}

/**
 * The agent's long poll: answers at once when something is there for it, otherwise waits up to
 * `waitSeconds` for a job of its store to become ready (woken on this replica, re-checked every
 * `recheckMs` for the others) and then answers with empty lists.
 */
export async function takeJobs(
  deps: Deps,
  agent: DevicePrincipal,
  waitSeconds: number,
  recheckMs: number,
  abort: AbortSignal,
): Promise<JobsAnswer> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const answer = await lookOnce(deps, agent);
    if (answer.jobs.length > 0 || answer.cancel.length > 0) return answer;
    const left = deadline - Date.now();
    if (left <= 0 || abort.aborted) return answer;
    await deps.signal.wait(agent.storeId, Math.min(left, recheckMs), abort);
  }
}
