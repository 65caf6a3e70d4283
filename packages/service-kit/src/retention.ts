import type { RawSqlClient } from "./idempotency";
import type { Logger } from "./logger";

export interface DeleteOlderThanOptions {
  /** table and timestamp column: constants from code, never input */
  table: string;
  column: string;
  olderThan: Date;
  /** rows per statement (default 1000): each batch is its own short transaction */
  batch?: number;
}

/**
 * Deletes rows whose `column` is before `olderThan`, one batch per statement until none is left.
 * Each batch locks its rows with SKIP LOCKED, so replicas running the same job at once split the
 * rows instead of waiting on (or deadlocking with) each other, and a row a request holds right now
 * is left for the next run. Small batches keep locks and WAL bursts short on a large backlog.
 */
export async function deleteOlderThan(db: RawSqlClient, o: DeleteOlderThanOptions): Promise<number> {
  const batch = o.batch ?? 1000;
  const table = quoteIdent(o.table);
  const column = quoteIdent(o.column);
  let total = 0;
  for (;;) {
    const n = await db.$executeRawUnsafe(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      o.olderThan,
      batch,
    );
    total += n;
    if (n < batch) return total;
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/** One thing a retention job clears: returns how many rows it deleted. */
export interface RetentionTask {
  name: string;
  run(now: Date): Promise<number>;
}

export interface RetentionJobOptions {
  intervalMs: number;
  logger: Logger;
  /** first run after this (default: 1 s, or intervalMs if shorter) */
  initialDelayMs?: number;
}

/**
 * Runs every task once per interval, never overlapping itself; a failing task is logged and the
 * others still run. Safe with N replicas because every task deletes in SKIP LOCKED batches
 * (`deleteOlderThan`), not because only one replica runs it.
 */
export class RetentionJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly tasks: RetentionTask[],
    private readonly o: RetentionJobOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.o.initialDelayMs ?? Math.min(this.o.intervalMs, 1000));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.o.intervalMs);
      });
    }, ms);
    this.timer.unref();
  }

  /** Runs each task once; resolves to the rows deleted per task (failed tasks are left out). */
  async runOnce(now: Date = new Date()): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const task of this.tasks) {
      try {
        deleted[task.name] = await task.run(now);
      } catch (err) {
        this.o.logger.error({ err, task: task.name }, "retention task failed; will retry next run");
      }
    }
    if (Object.values(deleted).some((n) => n > 0)) this.o.logger.info({ deleted }, "deleted rows past retention");
    return deleted;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

/** Hours or days → milliseconds, for retention periods from config. */
export const hoursMs = (h: number) => h * 3_600_000;
export const daysMs = (d: number) => d * 86_400_000;
