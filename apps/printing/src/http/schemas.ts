import { z } from "zod";
import { DEVICE_KINDS } from "../domain/device-token";
import { AGENT_STATES } from "../domain/job-state";
import { PICKUP_CODE_SHAPE } from "../domain/pickup-code";

// ---- admin: devices ----
export const storeParams = z.object({ storeId: z.string().min(1).max(200) });
export const deviceParams = storeParams.extend({ deviceId: z.string().min(1).max(200) });
export const createDeviceBody = z.object({ kind: z.enum(DEVICE_KINDS), name: z.string().trim().min(1).max(100) });

export const deviceSchema = z.object({
  deviceId: z.string(),
  storeId: z.string(),
  kind: z.enum(DEVICE_KINDS),
  name: z.string(),
  tokenHint: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
/** the one answer that carries the token */
export const createdDeviceSchema = deviceSchema.extend({ token: z.string() });
export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });

// ---- kiosk ----
export const releaseBody = z.object({ pickupCode: z.string().trim().regex(PICKUP_CODE_SHAPE, { message: "six digits" }) });
export const reservationParams = z.object({ id: z.string().min(1).max(200) });
export const kioskReservationSchema = z.object({
  reservationId: z.string(),
  customerName: z.string(),
  status: z.enum(["WAITING", "QUEUED", "PRINTING", "COMPLETED", "NEEDS_STAFF", "CANCELED"]),
  slot: z.object({ startsAt: z.string(), endsAt: z.string() }),
  items: z.array(
    z.object({
      jobId: z.string(),
      fileName: z.string(),
      pages: z.number().int(),
      copies: z.number().int(),
      status: z.string(),
      impressionsPrinted: z.number().int(),
      impressionsPaid: z.number().int(),
    }),
  ),
});

// ---- agent (apps/printing/docs/agent-protocol.md) ----
export const takeJobsQuery = z.object({ wait: z.coerce.number().int().min(0).max(60).default(0) });
export const jobParams = z.object({ jobId: z.string().min(1).max(200) });
export const jobsAnswerSchema = z.object({
  jobs: z.array(
    z.object({
      jobId: z.string(),
      reservationId: z.string(),
      documentUrl: z.string(),
      fileName: z.string(),
      pages: z.number().int().min(1),
      copies: z.number().int().min(1).max(999),
      colorMode: z.enum(["color", "monochrome"]),
      duplex: z.boolean(),
      paperSize: z.string(),
      attempt: z.number().int().min(1),
    }),
  ),
  cancel: z.array(z.object({ jobId: z.string(), attempt: z.number().int().min(1) })),
});
export const jobEventBody = z.object({
  attempt: z.number().int().min(1),
  seq: z.number().int().min(1),
  state: z.enum(AGENT_STATES),
  reasons: z.array(z.string().max(200)).max(50).default([]),
  impressionsCompleted: z.number().int().min(0).default(0),
  printerUri: z.string().min(1).max(2000),
  printerJobId: z.number().int().nullable().default(null),
  message: z.string().max(2000).optional(),
  at: z.iso.datetime({ offset: true }),
});
export const jobEventAnswerSchema = z.object({ accepted: z.literal(true), duplicate: z.boolean() });
export const printerStatusBody = z.object({
  printerUri: z.string().min(1).max(2000),
  state: z.string().min(1).max(50),
  reasons: z.array(z.string().max(200)).max(50).default([]),
  acceptingJobs: z.boolean(),
  documentFormats: z.array(z.string().max(200)).max(100).default([]),
  at: z.iso.datetime({ offset: true }),
  agentVersion: z.string().max(100).optional(),
});
