import type { RawSqlClient } from "./idempotency";
import { PeriodicJob, type JobSpec } from "./jobs";
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

/**
 * A JobSpec that runs every task once per run; a failing task is logged and the others still run.
 * Safe with N replicas because every task deletes in SKIP LOCKED batches (`deleteOlderThan`), not
 * because only one replica runs it. The run resolves to the rows deleted per task (failed tasks
 * left out).
 */
export function retentionJob(o: {
  name?: string;
  tasks: RetentionTask[];
  intervalMs: number;
  initialDelayMs?: number;
  logger: Logger;
}): JobSpec {
  return {
    name: o.name ?? "retention",
    intervalMs: o.intervalMs,
    initialDelayMs: o.initialDelayMs,
    run: () => runRetentionTasks(o.tasks, o.logger),
  };
}

async function runRetentionTasks(tasks: RetentionTask[], logger: Logger, now: Date = new Date()): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const task of tasks) {
    try {
      deleted[task.name] = await task.run(now);
    } catch (err) {
      logger.error({ err, task: task.name }, "retention task failed; will retry next run");
    }
  }
  if (Object.values(deleted).some((n) => n > 0)) logger.info({ deleted }, "deleted rows past retention");
  return deleted;
}

export interface RetentionJobOptions {
  intervalMs: number;
  logger: Logger;
  /** first run after this (default: 1 s, or intervalMs if shorter) */
  initialDelayMs?: number;
}

/**
 * `retentionJob` on its own timer, for a service that does not run its jobs through the service
 * skeleton's JobRunner (start it, stop it).
 */
export class RetentionJob {
  private readonly job: PeriodicJob;

  constructor(
    private readonly tasks: RetentionTask[],
    private readonly o: RetentionJobOptions,
  ) {
    this.job = new PeriodicJob(retentionJob({ tasks, ...o }), o.logger);
  }

  start(): void {
    this.job.start();
  }

  /** Runs each task once; resolves to the rows deleted per task (failed tasks are left out). */
  runOnce(now: Date = new Date()): Promise<Record<string, number>> {
    return runRetentionTasks(this.tasks, this.o.logger, now);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}

/** Hours or days → milliseconds, for retention periods from config. */
export const hoursMs = (h: number) => h * 3_600_000;
export const daysMs = (d: number) => d * 86_400_000;
