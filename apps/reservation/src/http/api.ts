import type express from "express";
import type { RequestHandler } from "express";
import { INTERNAL_RESERVATION_PATH, internalReservation, internalReservationParams } from "@preprint/contracts";
import { createApi, type Operation } from "@preprint/service-kit";
import * as s from "./schemas";

/**
 * Every operation the service serves, declared once: the routes are mounted from these
 * declarations and answer through their response schemas, and GET /openapi.json is built from
 * them. Public paths are documented as clients call them (`/api/...`); the gateway strips `/api`
 * before forwarding, so the service mounts them without it (`mount`).
 */
export const api = createApi({ service: "reservation", title: "preprint reservation service", version: "1.0.0" });

const NOT_FOUND = [404] as const;

// ---------- stores ----------

export const listStoresOp = api.operation({
  method: "get",
  path: "/api/stores",
  tag: "stores",
  summary: "Stores with address, hours, time zone and price table",
  security: "none",
  response: { status: 200, description: "Stores, by name", schema: s.storeListView },
});
export const getStoreOp = api.operation({
  method: "get",
  path: "/api/stores/{storeId}",
  tag: "stores",
  summary: "One store",
  security: "none",
  params: s.storeParams,
  response: { status: 200, description: "Store", schema: s.storeView },
  errors: NOT_FOUND,
  codes: ["STORE_NOT_FOUND"],
});
export const listSlotsOp = api.operation({
  method: "get",
  path: "/api/stores/{storeId}/slots",
  tag: "stores",
  summary: "Pickup slots of a day with remaining capacity",
  security: "none",
  params: s.storeParams,
  query: s.slotsQuery,
  response: { status: 200, description: "Slots, in time order (none past, closed or inside the lead time)", schema: s.slotListView },
  errors: NOT_FOUND,
  codes: ["VALIDATION_FAILED", "STORE_NOT_FOUND"],
});
export const refundPolicyOp = api.operation({
  method: "get",
  path: "/api/refund-policy",
  tag: "stores",
  summary: "The published refund policy",
  security: "none",
  response: { status: 200, description: "Refund policy and the made-to-order notice", schema: s.refundPolicyView },
});

// ---------- uploads ----------

export const uploadOp = api.operation({
  method: "post",
  path: "/api/uploads",
  tag: "uploads",
  summary: "Upload a PDF (multipart field `file`)",
  security: "user",
  upload: { field: "file", contentType: "application/pdf" },
  response: { status: 201, description: "The upload", schema: s.uploadCreatedView },
  errors: [413, 415, 422, 503],
  codes: [
    "FILE_TOO_LARGE",
    "MULTIPART_REQUIRED",
    "MALFORMED_MULTIPART",
    "FILE_MISSING",
    "NOT_A_PDF",
    "PDF_ENCRYPTED",
    "PDF_CORRUPT",
    "PDF_EMPTY",
    "PDF_TOO_MANY_PAGES",
    "PDF_TOO_COMPLEX",
    "UPLOADS_BUSY",
    "UPLOAD_ABORTED",
    "STORAGE_UNAVAILABLE",
  ],
});
export const getUploadOp = api.operation({
  method: "get",
  path: "/api/uploads/{uploadId}",
  tag: "uploads",
  summary: "One of my uploads",
  security: "user",
  params: s.uploadParams,
  response: { status: 200, description: "Upload", schema: s.uploadView },
  errors: NOT_FOUND,
  codes: ["UPLOAD_NOT_FOUND"],
});
export const downloadUploadOp = api.operation({
  method: "get",
  path: "/api/uploads/{uploadId}/file",
  tag: "uploads",
  summary: "Download one of my uploads",
  security: "user",
  params: s.uploadParams,
  response: { status: 200, description: "The PDF", contentType: "application/pdf" },
  errors: [404, 410, 503],
  codes: ["UPLOAD_NOT_FOUND", "FILE_DELETED", "STORAGE_UNAVAILABLE"],
});

// ---------- reservations ----------

export const quoteOp = api.operation({
  method: "post",
  path: "/api/quotes",
  tag: "reservations",
  summary: "Price items server-side",
  security: "user",
  body: s.quoteRequest,
  response: { status: 200, description: "Priced lines and totalAmount (integer won)", schema: s.quoteView },
  errors: [404, 409, 422],
  codes: ["STORE_NOT_FOUND", "UPLOAD_NOT_FOUND", "PRICES_NOT_PUBLISHED", "OPTION_NOT_AVAILABLE"],
});
export const createReservationOp = api.operation({
  method: "post",
  path: "/api/reservations",
  tag: "reservations",
  summary: "Reserve a slot (holds capacity until expiresAt)",
  security: "user",
  body: s.createReservationRequest,
  idempotent: true,
  response: {
    status: 201,
    description: "The reservation, PENDING_PAYMENT (Location: /reservations/{id})",
    schema: s.createdReservationView,
  },
  errors: [404, 409, 422],
  codes: [
    "CUSTOMER_CONTACT_MISSING",
    "STORE_NOT_FOUND",
    "UPLOAD_NOT_FOUND",
    "PRICES_NOT_PUBLISHED",
    "OPTION_NOT_AVAILABLE",
    "SLOT_UNAVAILABLE",
    "ORDER_TOO_LARGE_FOR_SLOT",
    "SLOT_FULL",
    "CONSENT_NOTICE_CHANGED",
  ],
});
export const listReservationsOp = api.operation({
  method: "get",
  path: "/api/reservations",
  tag: "reservations",
  summary: "My reservations",
  security: "user",
  query: s.listReservationsQuery,
  response: { status: 200, description: "Reservations, newest first", schema: s.reservationListView },
});
export const getReservationOp = api.operation({
  method: "get",
  path: "/api/reservations/{reservationId}",
  tag: "reservations",
  summary: "One of my reservations (pickup code once paid)",
  security: "user",
  params: s.reservationParams,
  response: { status: 200, description: "Reservation", schema: s.reservationView },
  errors: NOT_FOUND,
  codes: ["RESERVATION_NOT_FOUND"],
});
export const cancelPreviewOp = api.operation({
  method: "get",
  path: "/api/reservations/{reservationId}/cancel-preview",
  tag: "reservations",
  summary: "What cancelling now would refund under the policy",
  security: "user",
  params: s.reservationParams,
  response: { status: 200, description: "Refund preview", schema: s.cancelPreviewView },
  errors: NOT_FOUND,
  codes: ["RESERVATION_NOT_FOUND"],
});
export const cancelReservationOp = api.operation({
  method: "post",
  path: "/api/reservations/{reservationId}/cancel",
  tag: "reservations",
  summary: "Cancel (unpaid: CANCELLED; paid: CANCEL_REQUESTED with the policy's refund)",
  security: "user",
  params: s.reservationParams,
  body: s.cancelRequest,
  idempotent: true,
  response: { status: 200, description: "The reservation after the cancellation and its refund", schema: s.cancellationView },
  errors: [404, 409],
  codes: ["RESERVATION_NOT_FOUND", "NOT_CANCELLABLE", "REFUND_AMOUNT_CHANGED", "INVALID_STATE", "CONCURRENT_UPDATE"],
});

// ---------- staff ----------

const STAFF_CODES = ["STAFF_STORE_MISSING", "RESERVATION_NOT_FOUND"];

export const staffQueueOp = api.operation({
  method: "get",
  path: "/api/staff/reservations",
  tag: "staff",
  summary: "The store's queue for a day",
  security: "staff",
  query: s.staffQueueQuery,
  response: { status: 200, description: "Paid and later reservations of the day, grouped by slot", schema: s.staffQueueView },
  errors: NOT_FOUND,
  codes: ["VALIDATION_FAILED", "STAFF_STORE_MISSING", "OTHER_STORE", "STORE_NOT_FOUND"],
});
export const staffReservationOp = api.operation({
  method: "get",
  path: "/api/staff/reservations/{reservationId}",
  tag: "staff",
  summary: "One reservation of the store",
  security: "staff",
  params: s.reservationParams,
  response: { status: 200, description: "Reservation", schema: s.staffReservationView },
  errors: NOT_FOUND,
  codes: STAFF_CODES,
});
export const staffFileOp = api.operation({
  method: "get",
  path: "/api/staff/reservations/{reservationId}/files/{uploadId}",
  tag: "staff",
  summary: "Download an uploaded PDF to print",
  security: "staff",
  params: s.reservationFileParams,
  response: { status: 200, description: "The PDF", contentType: "application/pdf" },
  errors: [404, 410, 503],
  codes: [...STAFF_CODES, "FILE_NOT_FOUND", "FILE_DELETED", "STORAGE_UNAVAILABLE"],
});
const stepCodes = [...STAFF_CODES, "INVALID_STATE", "CONCURRENT_UPDATE"];
export const startPrintingOp = api.operation({
  method: "post",
  path: "/api/staff/reservations/{reservationId}/printing",
  tag: "staff",
  summary: "Start printing",
  security: "staff",
  params: s.reservationParams,
  response: { status: 200, description: "Reservation", schema: s.staffReservationView },
  errors: [404, 409],
  codes: stepCodes,
});
export const markReadyOp = api.operation({
  method: "post",
  path: "/api/staff/reservations/{reservationId}/ready",
  tag: "staff",
  summary: "Mark ready for pickup",
  security: "staff",
  params: s.reservationParams,
  response: { status: 200, description: "Reservation", schema: s.staffReservationView },
  errors: [404, 409],
  codes: stepCodes,
});
export const handOverOp = api.operation({
  method: "post",
  path: "/api/staff/reservations/{reservationId}/picked-up",
  tag: "staff",
  summary: "Hand over (pickup code checked)",
  security: "staff",
  params: s.reservationParams,
  body: s.pickupRequest,
  response: { status: 200, description: "Reservation", schema: s.staffReservationView },
  errors: [404, 409, 422],
  codes: [...stepCodes, "PICKUP_CODE_MISMATCH"],
});
export const staffRefundOp = api.operation({
  method: "post",
  path: "/api/staff/reservations/{reservationId}/refund",
  tag: "staff",
  summary: "Refund part or all of the payment (integer won)",
  security: "staff",
  params: s.reservationParams,
  body: s.staffRefundRequest,
  idempotent: true,
  response: { status: 202, description: "Refund requested; the payment service carries it out", schema: s.staffRefundView },
  errors: [404, 409, 422],
  codes: [...STAFF_CODES, "NOT_PAID", "INVALID_STATE", "REFUND_EXCEEDS_PAID"],
});
export const staffAlertsOp = api.operation({
  method: "get",
  path: "/api/staff/alerts",
  tag: "staff",
  summary: "Problems staff must handle (failed refunds, refunds made outside the app)",
  security: "staff",
  query: s.staffAlertsQuery,
  response: { status: 200, description: "Open alerts, newest first (at most 100)", schema: s.staffAlertListView },
  codes: ["STAFF_STORE_MISSING", "OTHER_STORE"],
});
export const resolveAlertOp = api.operation({
  method: "post",
  path: "/api/staff/alerts/{alertId}/resolve",
  tag: "staff",
  summary: "Mark an alert handled",
  security: "staff",
  params: s.alertParams,
  response: { status: 204, description: "Resolved" },
  errors: NOT_FOUND,
  codes: ["STAFF_STORE_MISSING", "ALERT_NOT_FOUND"],
});

// ---------- internal ----------

export const internalReservationOp = api.operation({
  method: "get",
  path: INTERNAL_RESERVATION_PATH,
  tag: "internal",
  summary: "The reservation of record for a checkout (payment service)",
  security: "service",
  params: internalReservationParams,
  response: { status: 200, description: "Reservation", schema: internalReservation },
  errors: NOT_FOUND,
  codes: ["RESERVATION_NOT_FOUND"],
});

/** Mounts `op` where the service receives it: without the `/api` the gateway strips. */
export function mount(router: express.Router, op: Operation<any, any, any, any>, ...handlers: RequestHandler[]): void {
  router[op.method](op.expressPath.replace(/^\/api(?=\/)/, ""), ...handlers);
}
