import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Pool, PoolClient } from "pg";

/** Anything with Prisma's raw executor: a PrismaClient or the `tx` of an interactive transaction. */
export interface RawSqlExecutor {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** A `pg` Client or PoolClient (inside your BEGIN … COMMIT). */
export interface PgQueryable {
  query(text: string, values?: any[]): Promise<{ rowCount: number | null }>;
}

export type SqlExecutor = RawSqlExecutor | PgQueryable;

/** Runs one parameterised statement on either kind of executor; resolves to the row count. */
export async function execute(db: SqlExecutor, sql: string, values: unknown[]): Promise<number> {
  if ("$executeRawUnsafe" in db && typeof db.$executeRawUnsafe === "function") {
    return db.$executeRawUnsafe(sql, ...values);
  }
  const res = await (db as PgQueryable).query(sql, values as any[]);
  return res.rowCount ?? 0;
}

/** SQL that creates `outbox_events` and `inbox_events` (same as Prisma generates from messaging.prisma). */
export function messagingSchemaSql(): string {
  // src/ in tests and dist/ when built sit next to ../prisma; dist-bench/src/ is one deeper
  const candidates = [path.join(__dirname, "..", "prisma"), path.join(__dirname, "..", "..", "prisma")];
  const dir = candidates.find((d) => existsSync(path.join(d, "messaging.sql"))) ?? candidates[0]!;
  return readFileSync(path.join(dir, "messaging.sql"), "utf8");
}

/** PostgreSQL NOTIFY channel the relay listens on. */
export const DEFAULT_NOTIFY_CHANNEL = "preprint_outbox";

/**
 * Checks a client out of `pool` for a transaction. pg reports a connection lost under a checked-out
 * client twice: the query in flight (or the next one) fails, and the client emits "error". The pool
 * listens for that event only while a client is idle, so without a listener of our own a database
 * restart or a dropped connection during a transaction crashed the whole process. `release` hands
 * the client back (a client that lost its connection is discarded by the pool either way).
 */
export async function checkOut(pool: Pool): Promise<{ client: PoolClient; release(destroy?: boolean): void }> {
  const client = await pool.connect();
  // the failure itself reaches the caller through the query; the event only needs a listener
  const ignore = () => undefined;
  client.on("error", ignore);
  return {
    client,
    release(destroy = false) {
      client.off("error", ignore);
      client.release(destroy);
    },
  };
}
