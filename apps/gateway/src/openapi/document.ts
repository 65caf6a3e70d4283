import { problemBody } from "@preprint/service-kit";
import { z } from "zod";
import { authResponse, loginBody, meResponse, signupBody } from "../accounts/schemas";

/**
 * The OpenAPI 3.1 document of the whole public API, generated at start-up from the zod schemas that
 * validate the requests: the gateway's own (accounts) and the ones each service exports from
 * `src/http/schemas.ts` (loaded from the service packages, workspace dependencies). The list of
 * operations below is the public API v1 (docs/conventions.md); the shapes come from the schemas, so a changed
 * validation rule changes the document too. A schema a service stops exporting shows up in
 * `x-missing-schemas` (and fails the gateway's OpenAPI test) instead of silently vanishing.
 */

type Service = "reservation" | "payment" | "notification";
type Ref = { service: Service; name: string } | z.ZodType;
type Security = "none" | "user" | "staff";

interface Operation {
  method: "get" | "post" | "put" | "delete";
  path: string;
  tag: string;
  summary: string;
  security: Security;
  body?: Ref;
  bodyType?: "json" | "multipart-file";
  query?: Ref;
  ok: { status: number; description: string; schema?: Ref; contentType?: string };
  /** error statuses besides the ones implied by security */
  errors?: number[];
  idempotent?: boolean;
}

const s = (service: Service, name: string): Ref => ({ service, name });
const R = (name: string) => s("reservation", name);
const P = (name: string) => s("payment", name);
const N = (name: string) => s("notification", name);

export const OPERATIONS: Operation[] = [
  { method: "post", path: "/api/auth/signup", tag: "auth", summary: "Create a customer account", security: "none", body: signupBody, ok: { status: 201, description: "Signed up; the refresh token is set as an httpOnly cookie", schema: authResponse }, errors: [400, 409, 429] },
  { method: "post", path: "/api/auth/login", tag: "auth", summary: "Sign in", security: "none", body: loginBody, ok: { status: 200, description: "Signed in; the refresh token is set as an httpOnly cookie", schema: authResponse }, errors: [400, 401, 429] },
  { method: "post", path: "/api/auth/refresh", tag: "auth", summary: "Exchange the refresh cookie for a new access token (the cookie rotates)", security: "none", ok: { status: 200, description: "New access token; new refresh cookie", schema: authResponse }, errors: [401, 403, 429] },
  { method: "post", path: "/api/auth/logout", tag: "auth", summary: "Sign out this device (revokes the refresh token family)", security: "none", ok: { status: 204, description: "Signed out; cookie cleared" }, errors: [403] },
  { method: "get", path: "/api/auth/me", tag: "auth", summary: "The signed-in user", security: "user", ok: { status: 200, description: "The user", schema: meResponse } },

  { method: "get", path: "/api/stores", tag: "stores", summary: "Stores with address, hours, time zone and price table", security: "none", ok: { status: 200, description: "Stores" } },
  { method: "get", path: "/api/stores/{storeId}", tag: "stores", summary: "One store", security: "none", ok: { status: 200, description: "Store" }, errors: [404] },
  { method: "get", path: "/api/stores/{storeId}/slots", tag: "stores", summary: "Pickup slots of a day with remaining capacity", security: "none", query: R("slotsQuery"), ok: { status: 200, description: "Slots" }, errors: [400, 404] },
  { method: "get", path: "/api/refund-policy", tag: "stores", summary: "The published refund policy", security: "none", ok: { status: 200, description: "Refund policy" } },
  { method: "post", path: "/api/uploads", tag: "uploads", summary: "Upload a PDF (multipart field `file`)", security: "user", bodyType: "multipart-file", ok: { status: 201, description: "{id, fileName, pages, sizeBytes, sha256}" }, errors: [400, 413, 415] },
  { method: "get", path: "/api/uploads/{uploadId}", tag: "uploads", summary: "One of my uploads", security: "user", ok: { status: 200, description: "Upload" }, errors: [404] },
  { method: "get", path: "/api/uploads/{uploadId}/file", tag: "uploads", summary: "Download one of my uploads", security: "user", ok: { status: 200, description: "The PDF", contentType: "application/pdf" }, errors: [404] },
  { method: "post", path: "/api/quotes", tag: "reservations", summary: "Price items server-side", security: "user", body: R("quoteRequest"), ok: { status: 200, description: "Priced lines and totalAmount (integer won)" }, errors: [400, 404] },
  { method: "post", path: "/api/reservations", tag: "reservations", summary: "Reserve a slot (holds capacity until expiresAt)", security: "user", body: R("createReservationRequest"), idempotent: true, ok: { status: 201, description: "{id, status: PENDING_PAYMENT, totalAmount, currency, expiresAt}" }, errors: [400, 404, 409] },
  { method: "get", path: "/api/reservations", tag: "reservations", summary: "My reservations", security: "user", query: R("listReservationsQuery"), ok: { status: 200, description: "Reservations, newest first" } },
  { method: "get", path: "/api/reservations/{reservationId}", tag: "reservations", summary: "One of my reservations (pickup code once paid)", security: "user", ok: { status: 200, description: "Reservation" }, errors: [404] },
  { method: "get", path: "/api/reservations/{reservationId}/cancel-preview", tag: "reservations", summary: "What cancelling now would refund under the policy", security: "user", ok: { status: 200, description: "Refund preview" }, errors: [404] },
  { method: "post", path: "/api/reservations/{reservationId}/cancel", tag: "reservations", summary: "Cancel (unpaid: CANCELLED; paid: CANCEL_REQUESTED with the policy's refund)", security: "user", body: R("cancelRequest"), idempotent: true, ok: { status: 200, description: "Reservation" }, errors: [400, 404, 409] },

  { method: "get", path: "/api/staff/reservations", tag: "staff", summary: "The store's queue for a day", security: "staff", query: R("staffQueueQuery"), ok: { status: 200, description: "Queue" }, errors: [400] },
  { method: "get", path: "/api/staff/reservations/{reservationId}", tag: "staff", summary: "One reservation of the store", security: "staff", ok: { status: 200, description: "Reservation" }, errors: [404] },
  { method: "get", path: "/api/staff/alerts", tag: "staff", summary: "Problems staff must handle (e.g. failed refunds)", security: "staff", ok: { status: 200, description: "Alerts" } },
  { method: "post", path: "/api/staff/alerts/{alertId}/resolve", tag: "staff", summary: "Mark an alert handled", security: "staff", ok: { status: 200, description: "Alert" }, errors: [404] },
  { method: "post", path: "/api/staff/reservations/{reservationId}/printing", tag: "staff", summary: "Start printing", security: "staff", ok: { status: 200, description: "Reservation" }, errors: [404, 409] },
  { method: "post", path: "/api/staff/reservations/{reservationId}/ready", tag: "staff", summary: "Mark ready for pickup", security: "staff", ok: { status: 200, description: "Reservation" }, errors: [404, 409] },
  { method: "post", path: "/api/staff/reservations/{reservationId}/picked-up", tag: "staff", summary: "Hand over (pickup code checked)", security: "staff", body: R("pickupRequest"), ok: { status: 200, description: "Reservation" }, errors: [400, 404, 409] },
  { method: "get", path: "/api/staff/reservations/{reservationId}/files/{uploadId}", tag: "staff", summary: "Download an uploaded PDF to print", security: "staff", ok: { status: 200, description: "The PDF", contentType: "application/pdf" }, errors: [404] },
  { method: "post", path: "/api/staff/reservations/{reservationId}/refund", tag: "staff", summary: "Refund (full or partial, integer won)", security: "staff", body: R("staffRefundRequest"), idempotent: true, ok: { status: 200, description: "Reservation" }, errors: [400, 404, 409] },

  { method: "get", path: "/api/payments/config", tag: "payments", summary: "PortOne browser SDK configuration", security: "none", ok: { status: 200, description: "Mode, store id and channels", schema: P("paymentConfigResponseSchema") } },
  { method: "post", path: "/api/payments/checkout", tag: "payments", summary: "Start paying a reservation", security: "user", body: P("checkoutBodySchema"), idempotent: true, ok: { status: 201, description: "Browser SDK parameters incl. paymentId, totalAmount (and checkoutUrl in sandbox mode)" }, errors: [400, 404, 409] },
  { method: "post", path: "/api/payments/{paymentId}/complete", tag: "payments", summary: "Confirm a payment after the browser flow (idempotent)", security: "user", ok: { status: 200, description: "Outcome", schema: P("completeResponseSchema") }, errors: [404, 409] },
  { method: "get", path: "/api/payments/{paymentId}", tag: "payments", summary: "Our record of a payment", security: "user", ok: { status: 200, description: "Payment" }, errors: [404] },
  { method: "post", path: "/api/payments/webhooks/portone", tag: "payments", summary: "PortOne webhook (Standard Webhooks signature over the raw body)", security: "none", ok: { status: 200, description: "Accepted" }, errors: [400, 401] },

  { method: "get", path: "/api/notifications", tag: "notifications", summary: "My inbox", security: "user", query: N("listQuerySchema"), ok: { status: 200, description: "Notifications and unread count" } },
  { method: "get", path: "/api/notifications/unread-count", tag: "notifications", summary: "Unread count", security: "user", ok: { status: 200, description: "{count}" } },
  { method: "post", path: "/api/notifications/{notificationId}/read", tag: "notifications", summary: "Mark one read", security: "user", ok: { status: 200, description: "Notification", schema: N("notificationItemSchema") }, errors: [404] },
  { method: "post", path: "/api/notifications/read-all", tag: "notifications", summary: "Mark all read", security: "user", ok: { status: 200, description: "{marked}" } },
  { method: "get", path: "/api/notifications/preferences", tag: "notifications", summary: "E-mail preferences", security: "user", ok: { status: 200, description: "Preferences" } },
  { method: "put", path: "/api/notifications/preferences", tag: "notifications", summary: "Change e-mail preferences", security: "user", body: N("preferencesBodySchema"), ok: { status: 200, description: "Preferences" }, errors: [400] },
  { method: "get", path: "/api/notifications/stream", tag: "notifications", summary: "Live updates (Server-Sent Events); EventSource may pass ?access_token=", security: "user", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" }, errors: [503] },

  { method: "get", path: "/api/health", tag: "operations", summary: "Readiness of every service and the gateway's database", security: "none", ok: { status: 200, description: "All ready (503 when one is not)" }, errors: [503] },
  { method: "get", path: "/api/docs", tag: "operations", summary: "This document", security: "none", ok: { status: 200, description: "OpenAPI 3.1" } },
];

const SERVICE_PACKAGES: Record<Service, string> = {
  reservation: "@preprint/reservation/http/schemas",
  payment: "@preprint/payment/http/schemas",
  notification: "@preprint/notification/http/schemas",
};

function loadServiceSchemas(): Record<Service, Record<string, unknown>> {
  const out = {} as Record<Service, Record<string, unknown>>;
  for (const [svc, mod] of Object.entries(SERVICE_PACKAGES) as Array<[Service, string]>) {
    try {
      // a plain require: the document must still be served when one service's build is missing
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      out[svc] = require(mod) as Record<string, unknown>;
    } catch {
      out[svc] = {};
    }
  }
  return out;
}

const isZod = (v: unknown): v is z.ZodType => typeof v === "object" && v !== null && "_zod" in v;

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request (VALIDATION_FAILED and others)",
  401: "Not signed in, or the token is invalid/expired",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict with the current state (e.g. SLOT_FULL)",
  413: "Body too large",
  415: "Unsupported media type",
  429: "Rate limited or sign-in locked (see Retry-After)",
  502: "A service is unavailable",
  503: "Not ready, or the gateway's live-stream budget is spent (STREAMS_BUSY, see Retry-After)",
  504: "A service did not answer in time",
};

export function buildOpenApiDocument(): Record<string, unknown> {
  const services = loadServiceSchemas();
  const components: Record<string, unknown> = {};
  const missing: string[] = [];

  const toJson = (schema: z.ZodType, io: "input" | "output"): Record<string, unknown> => {
    const js = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
    delete js.$schema;
    const defs = js.$defs as Record<string, unknown> | undefined;
    delete js.$defs;
    const fix = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
    for (const [id, def] of Object.entries(defs ?? {})) components[id] = fix(def);
    return fix(js);
  };
  const resolve = (ref: Ref | undefined, io: "input" | "output"): Record<string, unknown> | undefined => {
    if (ref === undefined) return undefined;
    if (isZod(ref)) return toJson(ref, io);
    const found = services[ref.service][ref.name];
    if (!isZod(found)) {
      missing.push(`${ref.service}:${ref.name}`);
      return { type: "object", description: `schema ${ref.service}.${ref.name} not available` };
    }
    return toJson(found, io);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters: unknown[] = [];
    for (const m of op.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: "path", required: true, schema: { type: "string" } });
    const q = resolve(op.query, "input");
    if (q) {
      const props = (q.properties ?? {}) as Record<string, unknown>;
      const required = new Set((q.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(props)) parameters.push({ name, in: "query", required: required.has(name), schema });
    }
    if (op.idempotent) parameters.push({ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Retrying with the same key returns the first result" });

    const responses: Record<string, unknown> = {};
    const okSchema = resolve(op.ok.schema, "output");
    responses[String(op.ok.status)] =
      op.ok.status === 204
        ? { description: op.ok.description }
        : { description: op.ok.description, content: { [op.ok.contentType ?? "application/json"]: { schema: okSchema ?? (op.ok.contentType ? { type: "string" } : { type: "object" }) } } };
    const errors = new Set(op.errors ?? []);
    if (op.security !== "none") errors.add(401);
    if (op.security === "staff") errors.add(403);
    if (op.path !== "/api/docs" && !op.path.startsWith("/api/auth") && op.path !== "/api/health") [502, 504].forEach((e) => errors.add(e));
    errors.add(429);
    for (const status of [...errors].sort()) {
      if (String(status) in responses) continue;
      responses[String(status)] = { description: STATUS_TEXT[status] ?? "Error", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
    }

    const operation: Record<string, unknown> = {
      operationId: `${op.method}${op.path.replace(/^\/api/, "").replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      tags: [op.tag],
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      responses,
      ...(op.security === "none" ? { security: [] } : { security: [{ bearer: [] }] }),
      ...(op.security === "staff" ? { "x-required-role": "staff" } : {}),
    };
    if (op.bodyType === "multipart-file") {
      operation.requestBody = {
        required: true,
        content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", contentMediaType: "application/pdf" } }, required: ["file"] } } },
      };
    } else if (op.body) {
      operation.requestBody = { required: true, content: { "application/json": { schema: resolve(op.body, "input") } } };
    }
    (paths[op.path] ??= {})[op.method] = operation;
  }

  const example = problemBody(409, "SLOT_FULL", "The slot is full.");
  components.Problem = {
    type: "object",
    description: "RFC 9457 problem details with a stable machine `code`",
    properties: {
      type: { type: "string" },
      title: { type: "string" },
      status: { type: "integer" },
      detail: { type: "string" },
      code: { type: "string", description: "stable, SCREAMING_SNAKE (SLOT_FULL, RESERVATION_EXPIRED, AMOUNT_MISMATCH, VALIDATION_FAILED …)" },
      errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
    },
    required: ["type", "title", "status", "detail", "code"],
    examples: [example],
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "preprint public API",
      version: "1.0.0",
      description:
        "Print reservations for unmanned print cafés. All money is integer won (KRW). Errors are application/problem+json with a stable `code`. Write endpoints accept an Idempotency-Key header.",
    },
    servers: [{ url: "/" }],
    tags: ["auth", "stores", "uploads", "reservations", "staff", "payments", "notifications", "operations"].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from /api/auth/login, /signup or /refresh" } },
    },
    ...(missing.length ? { "x-missing-schemas": missing } : {}),
  };
}
