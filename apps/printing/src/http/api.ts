import { createApi } from "@preprint/service-kit";
import {
  createdDeviceSchema,
  createDeviceBody,
  deviceListSchema,
  deviceParams,
  jobEventAnswerSchema,
  jobEventBody,
  jobParams,
  jobsAnswerSchema,
  kioskReservationSchema,
  printerStatusBody,
  releaseBody,
  reservationParams,
  storeParams,
  takeJobsQuery,
} from "./schemas";

/**
 * The printing service's operations, with their public paths (the gateway forwards
 * `/api/admin/stores/…/devices`, `/api/kiosk/…` and `/api/agent/…` here without `/api`, and merges
 * this document, served at `GET /openapi.json`, into /api/docs). Routes are mounted from these
 * declarations (routes.ts).
 */
export const api = createApi({
  service: "printing",
  title: "preprint printing service",
  version: "1.0.0",
  description:
    "Store devices (kiosks and print agents), releasing a reservation's print jobs at the kiosk, and the print agent's protocol (apps/printing/docs/agent-protocol.md).",
});

const SIGN_IN = ["UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED"] as const;
/** staff of the store or its owner; anyone else (another store's staff, customers) is refused */
const STORE_ADMIN = [...SIGN_IN, "OTHER_STORE"] as const;
/** a live device token of the route's kind */
const DEVICE = ["DEVICE_TOKEN_INVALID", "DEVICE_KIND_MISMATCH"] as const;
const STORE_ADMIN_NOTE = "Staff of the store, or an owner whose token names the store (`storeId` or `storeIds`).";

export const registerDeviceOp = api.operation({
  method: "post",
  path: "/api/admin/stores/{storeId}/devices",
  tag: "devices",
  summary: "Register a device",
  description: `${STORE_ADMIN_NOTE} The answer is the only one that carries the device's token (\`ppd_…\`): it is never shown again.`,
  security: "user",
  params: storeParams,
  body: createDeviceBody,
  response: { status: 201, description: "The device and its token", schema: createdDeviceSchema },
  errors: [403],
  codes: [...STORE_ADMIN, "VALIDATION_FAILED"],
});

export const listDevicesOp = api.operation({
  method: "get",
  path: "/api/admin/stores/{storeId}/devices",
  tag: "devices",
  summary: "The store's devices",
  description: `${STORE_ADMIN_NOTE} Revoked devices are listed with revokedAt.`,
  security: "user",
  params: storeParams,
  response: { status: 200, description: "{devices}", schema: deviceListSchema },
  errors: [403],
  codes: [...STORE_ADMIN, "VALIDATION_FAILED"],
});

export const removeDeviceOp = api.operation({
  method: "delete",
  path: "/api/admin/stores/{storeId}/devices/{deviceId}",
  tag: "devices",
  summary: "Revoke a device",
  description: `${STORE_ADMIN_NOTE} Its token is refused from the next request.`,
  security: "user",
  params: deviceParams,
  response: { status: 204, description: "Revoked" },
  errors: [403, 404],
  codes: [...STORE_ADMIN, "VALIDATION_FAILED", "DEVICE_NOT_FOUND"],
});

export const releaseOp = api.operation({
  method: "post",
  path: "/api/kiosk/release",
  tag: "kiosk",
  summary: "Release a reservation by its pickup code",
  description:
    "A kiosk's token. The reservation's print jobs are released to the store's print agent. Five wrong codes a minute on one kiosk are answered 429 TOO_MANY_CODE_TRIES with Retry-After.",
  security: "device",
  body: releaseBody,
  response: {
    status: 202,
    description: "The reservation as the kiosk shows it (the customer's name masked)",
    schema: kioskReservationSchema,
  },
  errors: [404, 429],
  codes: [...DEVICE, "VALIDATION_FAILED", "PICKUP_CODE_NOT_FOUND", "TOO_MANY_CODE_TRIES"],
});

export const kioskReservationOp = api.operation({
  method: "get",
  path: "/api/kiosk/reservations/{id}",
  tag: "kiosk",
  summary: "A released reservation's progress",
  description: "A kiosk's token; reservations released in the kiosk's store only. Polled while the jobs print.",
  security: "device",
  params: reservationParams,
  response: { status: 200, description: "The reservation as the kiosk shows it", schema: kioskReservationSchema },
  errors: [404],
  codes: [...DEVICE, "VALIDATION_FAILED", "RESERVATION_NOT_FOUND"],
});

export const takeJobsOp = api.operation({
  method: "get",
  path: "/api/agent/jobs",
  tag: "print agent",
  summary: "Take print jobs (long poll)",
  description:
    "A print agent's token. Held up to `wait` seconds until a job is released or canceled; `{jobs: [], cancel: []}` when nothing happened.",
  security: "device",
  query: takeJobsQuery,
  response: { status: 200, description: "Jobs to print and attempts to cancel", schema: jobsAnswerSchema },
  codes: [...DEVICE, "VALIDATION_FAILED"],
});

export const jobDocumentOp = api.operation({
  method: "get",
  path: "/api/agent/jobs/{jobId}/document",
  tag: "print agent",
  summary: "A job's document",
  description:
    "A print agent's token; jobs given to this agent only. Streamed from the document store: an answer cut short of its Content-Length is fetched again.",
  security: "device",
  params: jobParams,
  response: { status: 200, description: "The PDF", contentType: "application/pdf" },
  errors: [404, 410, 502, 503],
  codes: [...DEVICE, "VALIDATION_FAILED", "JOB_NOT_FOUND", "DOCUMENT_GONE", "UPSTREAM_BAD_RESPONSE", "UPSTREAM_UNAVAILABLE"],
});

export const jobEventOp = api.operation({
  method: "post",
  path: "/api/agent/jobs/{jobId}/events",
  tag: "print agent",
  summary: "Report a job's progress",
  description:
    "A print agent's token. Idempotent by (jobId, seq): the same event again is `duplicate: true`; different content under a taken seq is 409.",
  security: "device",
  params: jobParams,
  body: jobEventBody,
  response: { status: 200, description: "{accepted, duplicate}", schema: jobEventAnswerSchema },
  errors: [404, 409],
  codes: [...DEVICE, "VALIDATION_FAILED", "JOB_NOT_FOUND", "EVENT_SEQ_TAKEN"],
});

export const printerStatusOp = api.operation({
  method: "post",
  path: "/api/agent/printer-status",
  tag: "print agent",
  summary: "Report a printer's status",
  description: "A print agent's token. The newest report per (agent, printer) is kept.",
  security: "device",
  body: printerStatusBody,
  response: { status: 204, description: "Recorded" },
  codes: [...DEVICE, "VALIDATION_FAILED"],
});
