import type express from "express";
import { bearerToken, requireAuth, TokenError, type AccessClaims, type TokenVerifier } from "@preprint/auth";
import { AppError, handleOperation, parseWith, servedPath, serveOperation } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { audienceOf } from "../domain/audience";
import type { StreamHub } from "../stream/hub";
import { changePreferences } from "../use-cases/change-preferences";
import { countUnread } from "../use-cases/count-unread";
import { listNotifications } from "../use-cases/list-notifications";
import { markAllRead } from "../use-cases/mark-all-read";
import { markRead } from "../use-cases/mark-read";
import { openStream } from "../use-cases/open-stream";
import { readPreferences } from "../use-cases/read-preferences";
import { changePreferencesOp, listNotificationsOp, markAllReadOp, markReadOp, readPreferencesOp, streamOp, unreadCountOp } from "./api";
import { lastEventIdSchema } from "./schemas";

export interface RouteDeps {
  prisma: PrismaClient;
  verify: TokenVerifier;
  hub: StreamHub;
}

const auth = (req: express.Request) => req.auth!;

/**
 * Each route is mounted from its declaration (http/api.ts): its inputs are parsed with the declared
 * schemas (one 400 VALIDATION_FAILED naming every bad field) and its answer is shaped by the
 * declared response schema.
 */
export function notificationRoutes(app: express.Express, deps: RouteDeps): void {
  const { prisma, verify, hub } = deps;
  const user = requireAuth(verify, "customer", "staff");
  const customer = requireAuth(verify, "customer");

  // express answers HEAD with the GET handler, which would hold the response open as a stream while
  // a client (or the gateway's agent) takes a HEAD as complete at its headers and reuses the socket
  app.all(servedPath(streamOp), (req, res, next) => {
    if (req.method === "GET") return next();
    res.setHeader("Allow", "GET");
    next(new AppError(405, "METHOD_NOT_ALLOWED", "The notification stream is read with GET."));
  });
  /**
   * SSE. EventSource can't send headers, so the access token may also come as `?access_token=`
   * (see README and docs/decisions/0042-notification-sse-auth.md for the trade-off).
   */
  serveOperation(app, streamOp, async (req, res, next) => {
    try {
      const fromQuery = typeof req.query.access_token === "string" ? req.query.access_token : undefined;
      const claims = streamClaims(verify, bearerToken(req.get("authorization")) ?? fromQuery);
      const raw = req.get("last-event-id") ?? (typeof req.query.lastEventId === "string" ? req.query.lastEventId : undefined);
      const lastEventId = raw === undefined || raw === "" ? undefined : BigInt(parseWith(lastEventIdSchema, raw, "INVALID_LAST_EVENT_ID"));
      await openStream(hub, claims, lastEventId, res);
    } catch (err) {
      next(err);
    }
  });

  serveOperation(
    app,
    listNotificationsOp,
    user,
    handleOperation(listNotificationsOp, ({ query }, req) =>
      listNotifications(prisma, audienceOf(auth(req)), { limit: query.limit, cursor: query.cursor, unreadOnly: query.unread === "true" }),
    ),
  );

  serveOperation(
    app,
    unreadCountOp,
    user,
    handleOperation(unreadCountOp, (_input, req) => countUnread(prisma, audienceOf(auth(req)))),
  );

  serveOperation(
    app,
    readPreferencesOp,
    customer,
    handleOperation(readPreferencesOp, (_input, req) => readPreferences(prisma, auth(req).sub)),
  );

  serveOperation(
    app,
    changePreferencesOp,
    customer,
    handleOperation(changePreferencesOp, ({ body }, req) => changePreferences(prisma, auth(req).sub, body.emailEnabled)),
  );

  serveOperation(
    app,
    markAllReadOp,
    user,
    handleOperation(markAllReadOp, (_input, req) => markAllRead(prisma, audienceOf(auth(req)))),
  );

  serveOperation(
    app,
    markReadOp,
    user,
    handleOperation(markReadOp, ({ params }, req) => markRead(prisma, audienceOf(auth(req)), params.notificationId)),
  );
}

/** The stream's own token check (query or header): the same codes as requireAuth. */
function streamClaims(verify: TokenVerifier, token: string | undefined): AccessClaims {
  try {
    return verify(token);
  } catch (err) {
    if (err instanceof TokenError) {
      throw new AppError(401, err.code === "TOKEN_MISSING" ? "UNAUTHENTICATED" : err.code, "Sign in to continue.");
    }
    throw err;
  }
}
