import { context } from "@opentelemetry/api";
import { parseEvent, type AnyEvent, type EventEnvelope } from "@preprint/contracts";
import { DEFAULT_NOTIFY_CHANNEL, execute, type SqlExecutor } from "./sql";
import { injectContext } from "./tracing";

export interface EnqueueOptions {
  /** NOTIFY channel that wakes the relay; must match the relay's. Default `preprint_outbox`. */
  notifyChannel?: string;
}

/**
 * Writes an event to `outbox_events` inside the caller's transaction, with the active trace
 * context, and NOTIFYs the relay (delivered by PostgreSQL only if the transaction commits).
 * Validates first: an event that fails its schema throws EventValidationError naming the field
 * and nothing is written.
 *
 * `tx` is a Prisma interactive-transaction client (`prisma.$transaction(async (tx) => …)`) or a
 * `pg` client inside BEGIN … COMMIT. Called outside a transaction it still works (autocommit).
 */
export async function enqueueEvent(tx: SqlExecutor, event: AnyEvent | EventEnvelope, opts: EnqueueOptions = {}): Promise<void> {
  await enqueueEvents(tx, [event], opts);
}

/** Like `enqueueEvent` for several events in one statement. */
export async function enqueueEvents(tx: SqlExecutor, events: (AnyEvent | EventEnvelope)[], opts: EnqueueOptions = {}): Promise<void> {
  if (events.length === 0) return;
  const valid = events.map((e) => parseEvent(e));
  const headers = JSON.stringify(injectContext(context.active()));
  const values: unknown[] = [];
  const rows = valid.map((e) => {
    const i = values.length;
    values.push(e.id, e.type, JSON.stringify(e), headers);
    return `($${i + 1}, $${i + 2}, $${i + 3}::jsonb, $${i + 4}::jsonb)`;
  });
  values.push(opts.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL);
  // one round trip: insert and notify (NOTIFY is transactional and de-duplicated per transaction)
  const sql =
    `WITH ins AS (INSERT INTO outbox_events (id, type, payload, headers) VALUES ${rows.join(", ")} RETURNING 1) ` +
    `SELECT pg_notify($${values.length}, '') FROM (SELECT 1 FROM ins LIMIT 1) AS one`;
  await execute(tx, sql, values);
}
