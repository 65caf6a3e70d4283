import type { Pool, PoolClient } from "pg";
import { checkOut, execute, type RawSqlExecutor, type SqlExecutor } from "./sql";

/**
 * Records that `consumer` has handled `eventId`, in the caller's transaction. Returns false when
 * it was already recorded (a redelivery or duplicate): then skip the effect. Concurrent duplicates
 * are safe: the second insert waits on the primary key until the first transaction ends.
 */
export async function claimInbox(tx: SqlExecutor, consumer: string, eventId: string): Promise<boolean> {
  const n = await execute(tx, "INSERT INTO inbox_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT (consumer, event_id) DO NOTHING", [
    consumer,
    eventId,
  ]);
  return n === 1;
}

/** A Prisma client: anything with an interactive `$transaction`. */
export interface TransactionalClient<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: { maxWait?: number; timeout?: number; isolationLevel?: any }): Promise<R>;
}

export type HandleOnceResult<R> = { duplicate: true } | { duplicate: false; result: R };

/**
 * Runs `effect` once per (consumer, eventId): claims the inbox row and runs the effect in one
 * Prisma interactive transaction. A duplicate returns `{ duplicate: true }` without running it.
 *
 *   await handleOnce(prisma, "notification", event.id, (tx) => tx.notification.create({ … }));
 */
export async function handleOnce<Tx extends RawSqlExecutor, R>(
  client: TransactionalClient<Tx>,
  consumer: string,
  eventId: string,
  effect: (tx: Tx) => Promise<R>,
  options?: { maxWait?: number; timeout?: number },
): Promise<HandleOnceResult<R>> {
  return client.$transaction(async (tx) => {
    if (!(await claimInbox(tx, consumer, eventId))) return { duplicate: true } as const;
    return { duplicate: false, result: await effect(tx) } as const;
  }, options);
}

/** `handleOnce` for a `pg` Pool: BEGIN, claim, effect(client), COMMIT (ROLLBACK on error). */
export async function handleOncePg<R>(
  pool: Pool,
  consumer: string,
  eventId: string,
  effect: (client: PoolClient) => Promise<R>,
): Promise<HandleOnceResult<R>> {
  const { client, release } = await checkOut(pool);
  try {
    // BEGIN and the claim in one round trip (simple-query protocol, so literals are escaped by pg);
    // the per-event transaction is what bounds consumer throughput (docs/benchmarks.md)
    const res = (await client.query(
      `BEGIN; INSERT INTO inbox_events (consumer, event_id) VALUES (${client.escapeLiteral(consumer)}, ${client.escapeLiteral(eventId)}) ON CONFLICT (consumer, event_id) DO NOTHING`,
    )) as unknown as { rowCount: number | null }[];
    if (res[1]?.rowCount !== 1) {
      await client.query("ROLLBACK");
      return { duplicate: true };
    }
    const result = await effect(client);
    await client.query("COMMIT");
    return { duplicate: false, result };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    release();
  }
}

/**
 * Deletes inbox rows received more than `olderThanMs` ago, `batchSize` rows per statement. Each
 * batch locks its rows with SKIP LOCKED, so replicas running this at once split the rows instead
 * of waiting on or deadlocking with each other. Keep rows longer than any message can live in the
 * broker (retries plus DLQ parking before a replay), or a late redelivery of an event already
 * applied would apply twice. Default 30 days. `db` is a `pg` Pool/Client or a Prisma client.
 */
export async function pruneInbox(db: SqlExecutor, { olderThanMs = 30 * 86_400_000, batchSize = 5_000 } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await execute(
      db,
      `DELETE FROM inbox_events WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM inbox_events
         WHERE received_at < now() - ($1::bigint * interval '1 millisecond') LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [olderThanMs, batchSize],
    );
    total += n;
    if (n < batchSize) return total;
  }
}
