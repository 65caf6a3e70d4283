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

export const notificationItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
