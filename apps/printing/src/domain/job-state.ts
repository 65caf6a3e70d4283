/**
 * The print job's life as the cloud keeps it, driven by the agent's events (PROTOCOL.md §3).
 *
 *   HELD ──release / print-ahead──▶ READY ──an agent takes it──▶ SENT ──▶ PRINTING ──▶ COMPLETED
 *                                     ▲                                    │
 *                                     └──── retry (nothing printed) ◀──────┤──▶ FAILED
 *   CANCELED (refund), PURGED (window over)
 */
export const JOB_STATUSES = ["HELD", "READY", "SENT", "PRINTING", "COMPLETED", "FAILED", "CANCELED", "PURGED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINAL_STATUSES: readonly JobStatus[] = ["COMPLETED", "FAILED", "CANCELED", "PURGED"];
export const isFinal = (s: string): boolean => (FINAL_STATUSES as readonly string[]).includes(s);

/** States an agent reports: the printer's IPP job-state values and the agent's own. */
export const AGENT_STATES = [
  "received",
  "waiting",
  "pending",
  "pending-held",
  "processing",
  "processing-stopped",
  "completed",
  "aborted",
  "canceled",
  "failed",
  "unknown",
] as const;
export type AgentState = (typeof AGENT_STATES)[number];
const FINAL_AGENT_STATES: readonly AgentState[] = ["completed", "aborted", "canceled", "failed", "unknown"];

export interface JobSnapshot {
  status: string;
  attempt: number;
  lastSeq: number;
  cancelRequested: boolean;
  impressionsPrinted: number;
  retryLimit: number;
}

export interface AgentEvent {
  attempt: number;
  seq: number;
  state: AgentState;
  reasons: string[];
  impressionsCompleted: number;
}

export type Outcome =
  /** nothing to change (an older attempt, an event out of order, a job already final) */
  | { kind: "ignore" }
  /** the current attempt moved on: acknowledged, maybe printing */
  | { kind: "progress"; status: JobStatus; impressionsCurrent: number }
  | { kind: "completed"; impressionsPrinted: number }
  /** nothing printed, tries left: a new attempt goes to any agent of the store */
  | { kind: "retry"; nextAttempt: number; reason: string }
  /** ended without its pages; `refundable` = nothing printed and no tries left */
  | { kind: "failed"; impressionsPrinted: number; reason: string; refundable: boolean }
  /** the cloud asked for the cancel (refund) and the agent confirms it */
  | { kind: "canceled"; impressionsPrinted: number };

const REASON_OF: Record<string, string> = { aborted: "ABORTED", canceled: "CANCELED", failed: "FAILED", unknown: "OUTCOME_UNKNOWN" };

/**
 * What one agent event does to the job. Events of an attempt other than the current one are
 * stored but change nothing (a late report of an attempt already retried); events are applied in
 * `seq` order only.
 */
export function applyAgentEvent(job: JobSnapshot, e: AgentEvent): Outcome {
  if (isFinal(job.status) || e.attempt !== job.attempt || e.seq <= job.lastSeq) return { kind: "ignore" };
  if (!FINAL_AGENT_STATES.includes(e.state)) {
    const printing = e.state === "processing" || e.state === "processing-stopped";
    return { kind: "progress", status: printing ? "PRINTING" : "SENT", impressionsCurrent: e.impressionsCompleted };
  }
  const printed = job.impressionsPrinted + e.impressionsCompleted;
  if (e.state === "completed") return { kind: "completed", impressionsPrinted: printed };
  if (job.cancelRequested) return { kind: "canceled", impressionsPrinted: printed };
  const reason = REASON_OF[e.state]!;
  // an unknown outcome may have printed everything: a person checks the tray, never an automatic reprint
  if (e.state === "unknown") return { kind: "failed", impressionsPrinted: printed, reason, refundable: false };
  if (e.impressionsCompleted > 0) return { kind: "failed", impressionsPrinted: printed, reason, refundable: false };
  if (job.attempt <= job.retryLimit) return { kind: "retry", nextAttempt: job.attempt + 1, reason };
  return { kind: "failed", impressionsPrinted: printed, reason, refundable: printed === 0 };
}
