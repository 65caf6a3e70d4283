/**
 * One word for a reservation's print progress, for the kiosk's screen: WAITING (not released),
 * QUEUED (released, not on a printer yet), PRINTING, COMPLETED, NEEDS_STAFF (a job failed or its
 * outcome is unknown), CANCELED (refunded).
 */
export type Progress = "WAITING" | "QUEUED" | "PRINTING" | "COMPLETED" | "NEEDS_STAFF" | "CANCELED";

export function progressOf(jobStatuses: string[]): Progress {
  if (jobStatuses.length === 0) return "WAITING";
  if (jobStatuses.every((s) => s === "COMPLETED")) return "COMPLETED";
  if (jobStatuses.some((s) => s === "FAILED")) return "NEEDS_STAFF";
  if (jobStatuses.every((s) => s === "CANCELED" || s === "PURGED")) return "CANCELED";
  if (jobStatuses.some((s) => s === "PRINTING" || s === "COMPLETED")) return "PRINTING";
  if (jobStatuses.some((s) => s === "READY" || s === "SENT")) return "QUEUED";
  return "WAITING";
}

/** The reservation item's colour mode as the agent's protocol names it. */
export const agentColorMode = (mode: string): "color" | "monochrome" => (mode.toUpperCase() === "COLOR" ? "color" : "monochrome");
