import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { AppError, problemBody, sendProblem } from "./errors";
import { deleteOlderThan } from "./retention";

/**
 * The two methods of a Prisma client (or transaction) this needs; anything with the same shape
 * works. Kept structural so the kit does not depend on any service's generated client.
 */
export interface RawSqlClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * DDL of the table, for services without Prisma. Prisma services add the equivalent model
 * (see apps/reservation/prisma/schema.prisma `IdempotencyKey`) so their migrations own it.
 */
export const IDEMPOTENCY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "idempotency_keys" (
  "user_id" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "method" TEXT NOT NULL,
  "path" TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  "state" TEXT NOT NULL,
  "response_status" INTEGER,
  "response_type" TEXT,
  "response_body" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "locked_until" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key")
);
CREATE INDEX IF NOT EXISTS "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");`;

/**
 * The default lease of a claimed key: two upstream calls at a 60-s timeout (PortOne's minimum) and
 * 30 s for the rest. A shorter lease lets a retry take over a claim whose handler is still
 * waiting on an upstream, and both run.
 */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 2 * 60_000 + 30_000;

export interface IdempotencyOptions {
  db: RawSqlClient;
  /** whose key it is (keys are scoped per user); default req.auth.sub */
  userId?: (req: Request) => string | undefined;
  /** reject requests without the header (400 IDEMPOTENCY_KEY_REQUIRED); default false */
  required?: boolean;
  /**
   * How long a request may hold its key. A process that dies mid-request leaves the row
   * IN_PROGRESS; after this a retry takes it over — and runs the handler again, so this must be
   * longer than the handler can take (its upstream calls' timeouts included). Default
   * `DEFAULT_IDEMPOTENCY_LEASE_MS`.
   */
  lockMs?: number;
}

interface StoredKey {
  method: string;
  path: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  taken_over: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;

/** Key order does not change the hash: `{a:1,b:2}` and `{b:2,a:1}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(req: Request): string {
  return createHash("sha256")
    .update(`${req.method}\n${req.originalUrl.split("?")[0]}\n${canonical(req.body ?? null)}`)
    .digest("hex");
}

/**
 * `Idempotency-Key` for write endpoints (IETF draft-ietf-httpapi-idempotency-key-header).
 * Mount after authentication, before the handler:
 * - first request with a key: runs, and its response (status + body, 2xx–4xx) is stored before
 *   it is sent;
 * - same key, same method, path and body: the stored response is replayed (`Idempotent-Replayed: true`)
 *   and the handler does not run again;
 * - same key, different request: 422 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running: 409 IDEMPOTENCY_IN_PROGRESS;
 * - a 5xx response is not stored (the key is released), so the client may retry.
 * The key row is claimed with INSERT … ON CONFLICT DO NOTHING, never check-then-insert.
 *
 * A handler whose effect is one database transaction should record its answer inside that
 * transaction with `storeIdempotentResponse(req, tx, status, body)`: the effect and the stored
 * response then commit together, so no failure between them can leave an effect without its
 * answer (which a retry would run a second time). Without it, the response is stored after the
 * handler has finished, just before it is sent.
 */
export function idempotency(opts: IdempotencyOptions): RequestHandler {
  const lockMs = opts.lockMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
  const userOf = opts.userId ?? ((req: Request) => (req as Request & { auth?: { sub?: string } }).auth?.sub);
  return async (req, res, next) => {
    try {
      const key = req.get("idempotency-key");
      if (key === undefined) {
        if (opts.required) throw new AppError(400, "IDEMPOTENCY_KEY_REQUIRED", "Send an Idempotency-Key header with this request.");
        return next();
      }
      if (!KEY_PATTERN.test(key)) {
        throw new AppError(400, "IDEMPOTENCY_KEY_INVALID", "The Idempotency-Key must be 1–255 letters, digits or . _ : -");
      }
      const userId = userOf(req) ?? "anonymous";
      const path = req.originalUrl.split("?")[0]!;
      const hash = requestHash(req);
      const lockedUntil = new Date(Date.now() + lockMs);

      const claimed = await opts.db.$executeRawUnsafe(
        `INSERT INTO "idempotency_keys" ("user_id","key","method","path","request_hash","state","locked_until")
         VALUES ($1,$2,$3,$4,$5,'IN_PROGRESS',$6) ON CONFLICT ("user_id","key") DO NOTHING`,
        userId,
        key,
        req.method,
        path,
        hash,
        lockedUntil,
      );
      if (claimed !== 1) {
        // someone has it: take over a stale claim of the same request, otherwise report what we found
        const rows = await opts.db.$queryRawUnsafe<StoredKey[]>(
          `WITH takeover AS (
             UPDATE "idempotency_keys" SET "locked_until" = $3
             WHERE "user_id" = $1 AND "key" = $2 AND "state" = 'IN_PROGRESS' AND "locked_until" < now() AND "request_hash" = $4
             RETURNING "user_id")
           SELECT "method","path","request_hash","state","response_status","response_type","response_body",
                  EXISTS (SELECT 1 FROM takeover) AS "taken_over"
           FROM "idempotency_keys" WHERE "user_id" = $1 AND "key" = $2`,
          userId,
          key,
          lockedUntil,
          hash,
        );
        const row = rows[0];
        if (!row)
          throw new AppError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is being processed. Retry shortly.");
        if (row.request_hash !== hash || row.method !== req.method || row.path !== path) {
          throw new AppError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a different request.");
        }
        if (row.state === "COMPLETED" && row.response_status !== null) {
          res.setHeader("Idempotent-Replayed", "true");
          res.status(row.response_status);
          if (row.response_type) res.type(row.response_type);
          res.send(row.response_body ?? "");
          return;
        }
        if (!row.taken_over) {
          throw new AppError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is being processed. Retry shortly.");
        }
      }
      req.idempotency = { userId, key, lockedUntil };
      captureResponse(res, async (status, type, body) => {
        if (status >= 500) {
          // release our claim, but never an answer that committed with the effect (nor a takeover's claim)
          await opts.db.$executeRawUnsafe(
            `DELETE FROM "idempotency_keys" WHERE "user_id" = $1 AND "key" = $2 AND "state" = 'IN_PROGRESS' AND "locked_until" = $3`,
            userId,
            key,
            lockedUntil,
          );
        } else {
          // a no-op when the handler's transaction already committed its answer (and if that
          // transaction rolled back after storing, this records the answer actually sent)
          await opts.db.$executeRawUnsafe(
            `UPDATE "idempotency_keys" SET "state" = 'COMPLETED', "response_status" = $3, "response_type" = $4, "response_body" = $5
             WHERE "user_id" = $1 AND "key" = $2 AND "state" = 'IN_PROGRESS' AND "locked_until" = $6`,
            userId,
            key,
            status,
            type ?? null,
            body,
            lockedUntil,
          );
        }
      });
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The key a request holds while its handler runs (set by the middleware). */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  /** the claim's own lease end; a takeover writes another, so it also tells whose claim it is */
  lockedUntil: Date;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** present when the request came with an Idempotency-Key and holds it */
      idempotency?: IdempotencyClaim;
    }
  }
}

/**
 * Writes the response `status` + JSON `body` of an idempotent request inside the handler's own
 * transaction `tx`, so the business effect and the answer a retry replays commit (or roll back)
 * together. Send the same status and body afterwards (`res.status(status).json(body)`).
 * A no-op for a request without an Idempotency-Key. Throws 409 IDEMPOTENCY_IN_PROGRESS, rolling
 * the transaction back, when the claim was taken over by a retry after its lease ran out.
 */
export async function storeIdempotentResponse(req: Request, tx: RawSqlClient, status: number, body: unknown): Promise<void> {
  const claim = req.idempotency;
  if (!claim || status >= 500) return;
  const n = await tx.$executeRawUnsafe(
    `UPDATE "idempotency_keys" SET "state" = 'COMPLETED', "response_status" = $3, "response_type" = $4, "response_body" = $5
     WHERE "user_id" = $1 AND "key" = $2 AND "state" = 'IN_PROGRESS' AND "locked_until" = $6`,
    claim.userId,
    claim.key,
    status,
    "application/json; charset=utf-8",
    JSON.stringify(body),
    claim.lockedUntil,
  );
  if (n !== 1) throw new AppError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is being processed. Retry shortly.");
}

/**
 * Stores the response before it is sent, so a retry that arrives right after the client got
 * its answer finds COMPLETED, not IN_PROGRESS. If storing fails the client gets a 500 instead
 * of an answer we could not make idempotent.
 */
function captureResponse(res: Response, store: (status: number, type: string | undefined, body: string) => Promise<void>): void {
  const originalSend = res.send.bind(res);
  let done = false;
  res.send = ((body?: unknown) => {
    if (done) return originalSend(body as never);
    done = true;
    let text: string;
    if (body === undefined || body === null) text = "";
    else if (Buffer.isBuffer(body)) text = body.toString("utf8");
    else if (typeof body === "object") {
      text = JSON.stringify(body);
      if (!res.get("content-type")) res.type("application/json");
    } else text = String(body);
    const type = res.get("content-type")?.toString();
    store(res.statusCode, type, text).then(
      () => originalSend(text),
      (err) => {
        res.req.log?.error({ err }, "could not store the idempotent response");
        const p = problemBody(500, "INTERNAL", "Something went wrong on our side. Please try again.");
        res.status(500);
        sendProblem(res, p);
      },
    );
    return res;
  }) as Response["send"];
}

/**
 * Deletes keys created before `olderThan`, in SKIP LOCKED batches (safe with N replicas; see
 * `deleteOlderThan`). A retry with a deleted key runs as a new request: keep keys longer than
 * any client retries.
 */
export async function purgeIdempotencyKeys(db: RawSqlClient, olderThan: Date, batch?: number): Promise<number> {
  return deleteOlderThan(db, { table: "idempotency_keys", column: "created_at", olderThan, batch });
}
