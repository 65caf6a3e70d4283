// The agent's side of the cloud protocol (PROTOCOL.md): what the cloud hands out and what the
// agent reports. The cloud's answers are parsed with these schemas, so a malformed job is
// refused at the door instead of half-printed.
import { z } from "zod";

export const agentJobSchema = z.object({
  jobId: z.string().min(1).max(200),
  reservationId: z.string().min(1).max(200),
  /** Absolute, or relative to the cloud's base URL. */
  documentUrl: z.string().min(1).max(4000),
  fileName: z.string().max(500),
  pages: z.number().int().min(1),
  copies: z.number().int().min(1).max(999),
  colorMode: z.enum(["color", "monochrome"]),
  duplex: z.boolean(),
  paperSize: z.string().min(1).max(100),
  attempt: z.number().int().min(1),
});
export type AgentJob = z.infer<typeof agentJobSchema>;

export const jobRefSchema = z.object({ jobId: z.string().min(1).max(200), attempt: z.number().int().min(1) });
export type JobRef = z.infer<typeof jobRefSchema>;

export const jobsResponseSchema = z.object({
  jobs: z.array(z.unknown()).default([]),
  cancel: z.array(jobRefSchema).default([]),
});

/** Job states the agent reports: the printer's own (IPP job-state) plus the agent's. */
export const JOB_EVENT_STATES = [
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
export type JobEventState = (typeof JOB_EVENT_STATES)[number];
export const TERMINAL_EVENT_STATES: ReadonlySet<JobEventState> = new Set(["completed", "aborted", "canceled", "failed", "unknown"]);

export const jobEventSchema = z.object({
  attempt: z.number().int().min(1),
  seq: z.number().int().min(1),
  state: z.enum(JOB_EVENT_STATES),
  reasons: z.array(z.string()),
  impressionsCompleted: z.number().int().min(0),
  printerUri: z.string().nullable(),
  printerJobId: z.number().int().nullable(),
  message: z.string().max(1000).optional(),
  at: z.string(),
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const printerStatusSchema = z.object({
  printerUri: z.string(),
  state: z.enum(["idle", "processing", "stopped", "unreachable"]),
  reasons: z.array(z.string()),
  acceptingJobs: z.boolean(),
  documentFormats: z.array(z.string()),
  at: z.string(),
  agentVersion: z.string(),
});
export type PrinterStatusReport = z.infer<typeof printerStatusSchema>;
