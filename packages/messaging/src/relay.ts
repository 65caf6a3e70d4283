import type { Notification, Pool, PoolClient, QueryResult } from "pg";
import { parseEvent, type AnyEvent } from "@preprint/contracts";
import { errorMessage, type Logger } from "./logger";
import { messagingMetrics } from "./metrics";
import type { OutgoingMessage, Publisher } from "./publisher";
import { checkOut, DEFAULT_NOTIFY_CHANNEL } from "./sql";
import { extractContext } from "./tracing";

export interface OutboxRelayOptions {
  /** Rows claimed and published per transaction. Default 200. */
  batchSize?: number;
  /** Batches in flight at once (each on its own pool connection). Default 4. */
  concurrency?: number;
  /** Fallback poll when no NOTIFY arrives (missed, or rows waiting out a back-off). Default 1 s. */
  pollIntervalMs?: number;
  /** Must match `enqueueEvent`'s. Default `preprint_outbox`. */
  notifyChannel?: string;
  /** Back-off after a failed publish: initial * 2^(attempts-1), capped. Default 500 ms … 60 s. */
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Sent rows older than this are deleted. Default 7 days. */
  retentionMs?: number;
  /** How often to prune (and refresh the backlog gauge). Default 60 s. */
  pruneIntervalMs?: number;
  logger?: Logger;
}

interface Row {
  id: string;
  type: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  attempts: number;
}

export interface RelayStats {
  published: number;
  failed: number;
  batches: number;
}

/**
 * Publishes `outbox_events` rows. Each batch: BEGIN; claim up to `batchSize` due rows with
 * `FOR UPDATE SKIP LOCKED`; publish them pipelined on the confirm channel; mark confirmed rows
 * SENT and failed ones PENDING with attempts+1, the error and a back-off; COMMIT. Replicas skip
 * each other's locked rows, so each row is published by one relay at a time; a crash after the
 * confirm and before COMMIT republishes the row (at-least-once; the consumers' inbox dedupes).
 *
 * Woken by LISTEN/NOTIFY (enqueueEvent notifies on commit), with polling as fallback. While the
 * broker is unreachable it claims nothing, so an outage does not burn attempts.
 */
export class OutboxRelay {
  private readonly o: Required<Omit<OutboxRelayOptions, "logger">>;
  private readonly logger: Logger;
  private running = false;
  private workers = 0;
  private pending = false;
  private pollTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private listenClient?: { client: PoolClient; release: (err?: Error) => void };
  private listenRetry?: NodeJS.Timeout;
  /** the prune-and-measure in flight, if any: stop() waits for it, the timer does not overlap it */
  private pruning?: Promise<void>;
  private readonly idleWaiters = new Set<() => void>();
  private backlog = 0;
  private readonly backlogCallback = (r: { observe(v: number): void }) => r.observe(this.backlog);
  readonly stats: RelayStats = { published: 0, failed: 0, batches: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly publisher: Publisher,
    options: OutboxRelayOptions = {},
  ) {
    this.o = {
      batchSize: options.batchSize ?? 200,
      concurrency: options.concurrency ?? 4,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      notifyChannel: options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL,
      retryInitialDelayMs: options.retryInitialDelayMs ?? 500,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 60_000,
      retentionMs: options.retentionMs ?? 7 * 86_400_000,
      pruneIntervalMs: options.pruneIntervalMs ?? 60_000,
    };
    this.logger = options.logger ?? publisher.connection.logger;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.o.notifyChannel)) throw new Error(`invalid notify channel "${this.o.notifyChannel}"`);
    if (!Number.isSafeInteger(this.o.batchSize) || this.o.batchSize < 1) throw new Error(`invalid batch size ${this.o.batchSize}`);
  }

  /** LISTENs, starts the poll and prune timers and drains what is already pending. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.pollTimer = setInterval(() => this.kick(), this.o.pollIntervalMs);
    this.pruneTimer = setInterval(() => this.pruneSoon(), this.o.pruneIntervalMs);
    messagingMetrics().outboxBacklog.addCallback(this.backlogCallback);
    // measure once now, or the backlog gauge reads 0 until the first prune interval has passed
    this.pruneSoon();
    // the broker coming back is a good moment to look at the table again
    this.publisher.connection.on("ready", this.kick);
    this.kick();
  }

  /** Stops timers and LISTEN, and waits for batches in flight to commit. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pollTimer);
    clearInterval(this.pruneTimer);
    clearTimeout(this.listenRetry);
    this.publisher.connection.off("ready", this.kick);
    messagingMetrics().outboxBacklog.removeCallback(this.backlogCallback);
    // a prune still running would take a pool connection after ours is released (or after the
    // caller ended the pool); it ends first
    await this.pruning;
    const listening = this.listenClient;
    this.listenClient = undefined;
    if (listening) {
      await listening.client.query(`UNLISTEN ${this.o.notifyChannel}`).catch(() => undefined);
      listening.release();
    }
    await this.idle();
  }

  /** Resolves when no batch is in flight. */
  idle(): Promise<void> {
    if (this.workers === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** Wake-up: start a worker unless `concurrency` are running, in which case one loops again. */
  readonly kick = (): void => {
    if (!this.running) return;
    if (this.workers >= this.o.concurrency) {
      this.pending = true;
      return;
    }
    this.workers++;
    void this.worker().finally(() => {
      this.workers--;
      if (this.workers === 0) {
        for (const w of [...this.idleWaiters]) w();
        this.idleWaiters.clear();
      }
    });
  };

  private async worker(): Promise<void> {
    while (this.running) {
      this.pending = false;
      if (!this.publisher.connection.isReady()) return; // the "ready" event kicks us again
      let claimed: number;
      try {
        claimed = await this.publishBatch();
      } catch (err) {
        this.logger.error({ err: errorMessage(err) }, "outbox relay batch failed");
        return; // the poll retries
      }
      if (claimed === this.o.batchSize)
        this.kick(); // backlog: add a parallel batch
      else if (!this.pending) return;
    }
  }

  /**
   * Claims, publishes and marks one batch. Returns the number of rows claimed. Exposed for tests
   * and tools; `start()` runs it for you.
   */
  async publishBatch(): Promise<number> {
    const { client, release } = await checkOut(this.pool);
    let ok = false;
    try {
      // BEGIN and the claim in one round trip: a multi-statement simple query, which takes no
      // parameters, so the limit is in the text (an integer checked by the constructor)
      const [, claim] = (await client.query(
        `BEGIN;
         SELECT id, type, payload, headers, attempts FROM outbox_events
          WHERE status = 'PENDING' AND available_at <= now()
          ORDER BY available_at
          LIMIT ${this.o.batchSize}
          FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<Row>];
      const rows = claim.rows;
      if (rows.length === 0) {
        await client.query("COMMIT");
        ok = true;
        return 0;
      }
      const messages: OutgoingMessage[] = [];
      const publishable: Row[] = [];
      const invalid: { id: string; error: string }[] = [];
      for (const row of rows) {
        let event: AnyEvent;
        try {
          event = parseEvent(row.payload);
        } catch (err) {
          invalid.push({ id: row.id, error: errorMessage(err) });
          continue;
        }
        publishable.push(row);
        messages.push({ event, context: extractContext(row.headers ?? {}) });
      }
      const results = await this.publisher.publishValidated(messages);
      const sent: string[] = [];
      const failed: { id: string; error: string; delayMs: number }[] = [];
      results.forEach((r, i) => {
        const row = publishable[i]!;
        if (r.ok) sent.push(row.id);
        else failed.push({ id: row.id, error: r.error.message, delayMs: this.backoff(row.attempts + 1) });
      });
      if (sent.length) {
        await client.query(
          `UPDATE outbox_events SET status = 'SENT', sent_at = now(), attempts = attempts + 1
            WHERE id = ANY($1::text[])`,
          [sent],
        );
      }
      if (failed.length) {
        await client.query(
          `UPDATE outbox_events o SET attempts = o.attempts + 1, last_error = f.error,
                  available_at = now() + f.delay_ms * interval '1 millisecond'
             FROM unnest($1::text[], $2::text[], $3::int[]) AS f(id, error, delay_ms)
            WHERE o.id = f.id`,
          [failed.map((f) => f.id), failed.map((f) => f.error), failed.map((f) => f.delayMs)],
        );
        this.logger.warn({ failed: failed.length, firstError: failed[0]!.error }, "outbox publish failed; will retry");
      }
      if (invalid.length) {
        // a row that fails its schema can never be published; keep it for a human, loudly
        await client.query(
          `UPDATE outbox_events o SET status = 'FAILED', attempts = o.attempts + 1, last_error = f.error
             FROM unnest($1::text[], $2::text[]) AS f(id, error) WHERE o.id = f.id`,
          [invalid.map((f) => f.id), invalid.map((f) => f.error)],
        );
        this.logger.error({ ids: invalid.map((f) => f.id), firstError: invalid[0]!.error }, "outbox rows fail their schema; marked FAILED");
      }
      await client.query("COMMIT");
      ok = true;
      this.stats.batches++;
      this.stats.published += sent.length;
      this.stats.failed += failed.length + invalid.length;
      return rows.length;
    } finally {
      if (!ok) await client.query("ROLLBACK").catch(() => undefined);
      release(!ok);
    }
  }

  /** Deletes SENT rows older than the retention period, in batches; returns how many. */
  async prune(batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const res = await this.pool.query(
        `DELETE FROM outbox_events WHERE id IN (
           SELECT id FROM outbox_events
            WHERE status = 'SENT' AND sent_at < now() - ($1::bigint * interval '1 millisecond')
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [this.o.retentionMs, batchSize],
      );
      total += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < batchSize) return total;
    }
  }

  private pruneSoon(): void {
    this.pruning ??= this.pruneAndMeasure().finally(() => (this.pruning = undefined));
  }

  private async pruneAndMeasure(): Promise<void> {
    try {
      const pruned = await this.prune();
      if (pruned) this.logger.info({ pruned }, "pruned sent outbox rows");
      const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE status = 'PENDING'`);
      this.backlog = Number(rows[0]!.n);
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, "outbox prune failed");
    }
  }

  private backoff(attempts: number): number {
    return Math.min(this.o.retryMaxDelayMs, this.o.retryInitialDelayMs * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * A dedicated pool connection LISTENs; on error it is replaced after a second. The connection is
   * released exactly once (by the error handler or by stop()), and its listeners go with it: a
   * client back in the pool may error later (e.g. the server terminates idle connections), and a
   * second release() would throw inside pg's event dispatch.
   */
  private async listen(): Promise<void> {
    if (!this.running) return;
    let client: PoolClient | undefined;
    let releaseOnce: ((err?: Error) => void) | undefined;
    try {
      client = await this.pool.connect();
      const c = client;
      const onNotification = (n: Notification) => {
        if (n.channel === this.o.notifyChannel) this.kick();
      };
      let released = false;
      const release = (err?: Error) => {
        if (released) return;
        released = true;
        c.off("notification", onNotification);
        c.off("error", onError);
        if (this.listenClient?.client === c) this.listenClient = undefined;
        c.release(err);
      };
      releaseOnce = release;
      const onError = (err: Error) => {
        this.logger.warn({ err: err.message }, "outbox LISTEN connection lost; polling until it is back");
        release(err);
        this.scheduleListen();
      };
      c.on("notification", onNotification);
      c.on("error", onError);
      await c.query(`LISTEN ${this.o.notifyChannel}`);
      if (released) return; // lost while subscribing; onError already scheduled a retry
      this.listenClient = { client: c, release };
      if (!this.running) release();
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, "outbox LISTEN failed; polling until it works");
      const e = err instanceof Error ? err : new Error(String(err));
      if (releaseOnce) releaseOnce(e);
      else client?.release(e);
      this.scheduleListen();
    }
  }

  private scheduleListen(): void {
    if (!this.running) return;
    clearTimeout(this.listenRetry);
    this.listenRetry = setTimeout(() => {
      void this.listen().then(() => this.kick());
    }, 1_000);
  }
}
