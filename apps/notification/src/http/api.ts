import { createApi } from "@preprint/service-kit";
import {
  inboxPageSchema,
  listQuerySchema,
  markedSchema,
  notificationItemSchema,
  notificationParamsSchema,
  preferencesBodySchema,
  preferencesSchema,
  unreadCountSchema,
} from "./schemas";

/**
 * The notification service's operations, with their public paths (the gateway forwards
 * `/api/notifications…` here as `/notifications…`, and merges this document, served at
 * `GET /openapi.json`, into /api/docs). Routes are mounted from these declarations (routes.ts).
 */
export const api = createApi({
  service: "notification",
  title: "preprint notification service",
  version: "1.0.0",
  description: "The in-app inbox, e-mail preferences and live push (Server-Sent Events) of customers and store staff.",
});

const SIGN_IN = ["UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED"] as const;
/** customers read their own notifications, staff their store's */
const AUDIENCE = [...SIGN_IN, "FORBIDDEN", "STAFF_WITHOUT_STORE"] as const;

export const listNotificationsOp = api.operation({
  method: "get",
  path: "/api/notifications",
  tag: "notifications",
  summary: "My inbox",
  description: "Newest first; the page and unreadCount are read from one snapshot, so they always agree.",
  security: "user",
  query: listQuerySchema,
  response: { status: 200, description: "Notifications, the next page's cursor and the unread count", schema: inboxPageSchema },
  errors: [403],
  codes: [...AUDIENCE, "VALIDATION_FAILED", "INVALID_CURSOR"],
});

export const unreadCountOp = api.operation({
  method: "get",
  path: "/api/notifications/unread-count",
  tag: "notifications",
  summary: "Unread count",
  security: "user",
  response: { status: 200, description: "{count}", schema: unreadCountSchema },
  errors: [403],
  codes: [...AUDIENCE],
});

export const markReadOp = api.operation({
  method: "post",
  path: "/api/notifications/{notificationId}/read",
  tag: "notifications",
  summary: "Mark one read",
  description: "Idempotent: the first read time is kept. Someone else's notification is not found.",
  security: "user",
  params: notificationParamsSchema,
  response: { status: 200, description: "The notification with readAt", schema: notificationItemSchema },
  errors: [403, 404],
  codes: [...AUDIENCE, "VALIDATION_FAILED", "NOTIFICATION_NOT_FOUND"],
});

export const markAllReadOp = api.operation({
  method: "post",
  path: "/api/notifications/read-all",
  tag: "notifications",
  summary: "Mark all read",
  security: "user",
  response: { status: 200, description: "{marked}", schema: markedSchema },
  errors: [403],
  codes: [...AUDIENCE],
});

export const readPreferencesOp = api.operation({
  method: "get",
  path: "/api/notifications/preferences",
  tag: "notifications",
  summary: "E-mail preferences (customers)",
  security: "user",
  response: { status: 200, description: "Preferences", schema: preferencesSchema },
  errors: [403],
  codes: [...SIGN_IN, "FORBIDDEN"],
});

export const changePreferencesOp = api.operation({
  method: "put",
  path: "/api/notifications/preferences",
  tag: "notifications",
  summary: "Change e-mail preferences (customers)",
  description: "Payment and refund e-mails are sent whatever emailEnabled says (alwaysEmailed).",
  security: "user",
  body: preferencesBodySchema,
  response: { status: 200, description: "Preferences", schema: preferencesSchema },
  errors: [403],
  codes: [...SIGN_IN, "FORBIDDEN", "VALIDATION_FAILED"],
});

export const streamOp = api.operation({
  method: "get",
  path: "/api/notifications/stream",
  tag: "notifications",
  summary: "Live updates (Server-Sent Events)",
  description:
    "Events `notification` (a list item), `reservation.status`, `resync` and `superseded`. EventSource cannot send headers: the access token may come as ?access_token=. Resume with the Last-Event-ID header or ?lastEventId=. Any method but GET is 405.",
  security: "user",
  response: { status: 200, description: "An event stream", contentType: "text/event-stream" },
  errors: [400, 403, 405, 429, 503],
  codes: [...AUDIENCE, "INVALID_LAST_EVENT_ID", "METHOD_NOT_ALLOWED", "TOO_MANY_STREAMS", "STREAM_CAPACITY_REACHED", "SHUTTING_DOWN"],
});
