import { z } from "zod";

/** GET /notifications query */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  unread: z.enum(["true", "false"]).optional(),
});

/** PUT /notifications/preferences body */
export const preferencesBodySchema = z
  .object({
    emailEnabled: z.boolean().describe("false = no e-mail for optional messages; payment and refund e-mails are always sent"),
  })
  .strict();

export const notificationIdSchema = z.string().regex(/^ntf_[0-9A-Z]{26}$/, { message: "not a notification id" });

/** `Last-Event-ID` header / `lastEventId` query: the per-audience sequence number */
export const lastEventIdSchema = z.string().regex(/^\d{1,18}$/, { message: "expected the id of the last event received" });

/** one inbox item (list, mark read, and the `notification` event of the live stream) */
export const notificationItemSchema = z
  .object({
    id: z.string().describe("ntf_<ULID>"),
    type: z.string().describe("the event type the notification was made from, e.g. reservation.ready"),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()).describe("what the page needs to link or show (reservation id, amounts …)"),
    createdAt: z.string().describe("ISO 8601"),
    readAt: z.string().nullable().describe("ISO 8601; null while unread"),
  })
  .meta({ id: "Notification" });

/** path of POST /notifications/{notificationId}/read */
export const notificationParamsSchema = z.object({ notificationId: notificationIdSchema });

// ---- responses: each route's answer is parsed with its schema (unknown keys dropped) ----

/** GET /notifications */
export const inboxPageSchema = z
  .object({
    items: z.array(notificationItemSchema),
    nextCursor: z.string().nullable().describe("pass as `cursor` for the next (older) page; null on the last page"),
    unreadCount: z.number().int().min(0).describe("unread notifications of the audience, read in the same snapshot as the page"),
  })
  .meta({ id: "NotificationPage" });

/** GET /notifications/unread-count */
export const unreadCountSchema = z.object({ count: z.number().int().min(0) });

/** POST /notifications/read-all */
export const markedSchema = z.object({ marked: z.number().int().min(0).describe("notifications that were unread") });

/** GET and PUT /notifications/preferences */
export const preferencesSchema = z
  .object({
    emailEnabled: z.boolean(),
    alwaysEmailed: z.array(z.string()).describe("event types e-mailed whatever emailEnabled says (payment and refund)"),
  })
  .meta({ id: "NotificationPreferences" });
