import { bearerToken, requireAuth, TokenError, type AccessClaims, type TokenVerifier } from "@preprint/auth";
import { AppError, badRequest, forbidden, notFound, parseWith } from "@preprint/service-kit";
import type express from "express";
import type { PrismaClient } from "../db/client";
import { decodeCursor, inboxPage, markAllRead, markRead, unreadCount } from "../db/notifications";
import { LEGALLY_REQUIRED, storeAudience, userAudience } from "../domain/messages";
import type { StreamHub } from "../stream/hub";
import { lastEventIdSchema, listQuerySchema, notificationIdSchema, preferencesBodySchema } from "./schemas";

export interface RouteDeps {
  prisma: PrismaClient;
  verify: TokenVerifier;
  hub: StreamHub;
}

/** Customers read their own notifications; staff read their store's (refund problems to handle). */
export function audienceOf(claims: AccessClaims): string {
  if (claims.role === "customer") return userAudience(claims.sub);
  if (claims.role === "staff") {
    if (!claims.storeId) throw forbidden("Your staff account is not assigned to a store.", "STAFF_WITHOUT_STORE");
    return storeAudience(claims.storeId);
  }
  throw forbidden();
}

const auth = (req: express.Request) => req.auth!;

export function notificationRoutes(app: express.Express, deps: RouteDeps): void {
  const { prisma, verify, hub } = deps;
  const user = requireAuth(verify, "customer", "staff");
  const customer = requireAuth(verify, "customer");

  /**
   * SSE. EventSource can't send headers, so the access token may also come as `?access_token=`
   * (see README and docs/decisions/0042-notification-sse-auth.md for the trade-off).
   */
  // express answers HEAD with the GET handler, which would hold the response open as a stream while
  // a client (or the gateway's agent) takes a HEAD as complete at its headers and reuses the socket
  app.all("/notifications/stream", (req, res, next) => {
    if (req.method === "GET") return next();
    res.setHeader("Allow", "GET");
    next(new AppError(405, "METHOD_NOT_ALLOWED", "The notification stream is read with GET."));
  });
  app.get("/notifications/stream", async (req, res, next) => {
    try {
      const fromQuery = typeof req.query.access_token === "string" ? req.query.access_token : undefined;
      let claims: AccessClaims;
      try {
        claims = verify(bearerToken(req.get("authorization")) ?? fromQuery);
      } catch (err) {
        if (err instanceof TokenError) {
          throw new AppError(401, err.code === "TOKEN_MISSING" ? "UNAUTHENTICATED" : err.code, "Sign in to continue.");
        }
        throw err;
      }
      const audience = audienceOf(claims);
      const raw = req.get("last-event-id") ?? (typeof req.query.lastEventId === "string" ? req.query.lastEventId : undefined);
      const lastEventId = raw === undefined || raw === "" ? undefined : BigInt(parseWith(lastEventIdSchema, raw, "INVALID_LAST_EVENT_ID"));
      await hub.subscribe(claims.sub, audience, lastEventId, res);
    } catch (err) {
      next(err);
    }
  });

  app.get("/notifications", user, async (req, res) => {
    const q = parseWith(listQuerySchema, req.query);
    const audience = audienceOf(auth(req));
    let beforeId: string | undefined;
    if (q.cursor) {
      beforeId = decodeCursor(q.cursor);
      if (!beforeId) throw badRequest("INVALID_CURSOR", "The cursor is not valid; start again without it.");
    }
    res.json(await inboxPage(prisma, audience, { limit: q.limit, beforeId, unreadOnly: q.unread === "true" }));
  });

  app.get("/notifications/unread-count", user, async (req, res) => {
    res.json({ count: await unreadCount(prisma, audienceOf(auth(req))) });
  });

  app.get("/notifications/preferences", customer, async (req, res) => {
    const pref = await prisma.preference.findUnique({ where: { userId: auth(req).sub } });
    res.json(preferencesBody(pref?.emailEnabled ?? true));
  });

  app.put("/notifications/preferences", customer, async (req, res) => {
    const body = parseWith(preferencesBodySchema, req.body);
    const userId = auth(req).sub;
    const pref = await prisma.preference.upsert({
      where: { userId },
      create: { userId, emailEnabled: body.emailEnabled },
      update: { emailEnabled: body.emailEnabled },
    });
    res.json(preferencesBody(pref.emailEnabled));
  });

  app.post("/notifications/read-all", user, async (req, res) => {
    const count = await markAllRead(prisma, audienceOf(auth(req)));
    res.json({ marked: count });
  });

  app.post("/notifications/:id/read", user, async (req, res) => {
    const id = parseWith(notificationIdSchema, req.params.id);
    const item = await markRead(prisma, audienceOf(auth(req)), id);
    // someone else's notification is "not found", not "forbidden": ids are not confirmed to strangers
    if (!item) throw notFound("Notification", "NOTIFICATION_NOT_FOUND");
    res.json(item);
  });
}

function preferencesBody(emailEnabled: boolean) {
  return { emailEnabled, alwaysEmailed: [...LEGALLY_REQUIRED] };
}
