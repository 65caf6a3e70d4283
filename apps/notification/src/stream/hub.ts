import type { Response } from "express";
import { Client } from "pg";
import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { readStream, STREAM_CHANNEL, streamHead } from "../db/stream";

const BATCH = 200;
/** a client that does not read its stream is cut off (it reconnects and resumes from Last-Event-ID) */
const MAX_BUFFERED_BYTES = 1_000_000;

interface Subscriber {
  audience: string;
  lastSeq: bigint;
  res: Response;
  pumping: boolean;
  again: boolean;
  closed: boolean;
}

export interface StreamHubOptions {
  databaseUrl: string;
  heartbeatMs: number;
}

/**
 * Live push (SSE) for this replica's open connections. Events are persisted per audience in
 * PostgreSQL (db/stream.ts) by whichever replica consumed them; every replica LISTENs on one
 * channel and, when an audience it has subscribers for moves on, reads the new rows from the
 * table. So a client connected to any replica sees every event, in order, and `Last-Event-ID`
 * (the per-audience sequence) resumes exactly where a dropped connection stopped.
 * See docs/decisions/0041-notification-sse-fan-out.md.
 */
export class StreamHub {
  private readonly subs = new Map<string, Set<Subscriber>>();
  private listener?: Client;
  private listening = false;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private reconnectDelay = 100;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly opts: StreamHubOptions,
  ) {}

  async start(): Promise<void> {
    await this.connectListener();
    this.heartbeat = setInterval(() => this.sendHeartbeats(), this.opts.heartbeatMs);
    this.heartbeat.unref();
  }

  /** LISTEN connection is up (readiness). */
  isListening(): boolean {
    return this.listening;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.subs.values()) n += set.size;
    return n;
  }

  /**
   * Takes over an HTTP response as an event stream. `lastEventId` = the last seq the client saw;
   * without it the stream starts at "now" (history is in GET /notifications).
   */
  async subscribe(audience: string, lastEventId: bigint | undefined, res: Response): Promise<void> {
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-cache, no-transform");
    res.setHeader("Connection", "keep-alive");
    // nginx and similar proxies: do not buffer this response
    res.setHeader("X-Accel-Buffering", "no");
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write("retry: 3000\n\n");

    // registered before reading, "pumping" until the start point is known: a NOTIFY that arrives
    // meanwhile only sets `again`, and the first read below covers it
    const sub: Subscriber = { audience, lastSeq: 0n, res, pumping: true, again: false, closed: false };
    let set = this.subs.get(audience);
    if (!set) this.subs.set(audience, (set = new Set()));
    set.add(sub);
    res.on("close", () => this.remove(sub));

    try {
      sub.lastSeq = lastEventId ?? (await streamHead(this.prisma, audience));
      sub.pumping = false;
      await this.pump(sub, lastEventId !== undefined);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "could not start event stream");
      res.end();
    }
  }

  /** Ends every stream (graceful shutdown: clients reconnect to another replica and resume). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnectTimer);
    for (const set of this.subs.values()) for (const sub of set) sub.res.end();
    this.subs.clear();
    const l = this.listener;
    this.listener = undefined;
    this.listening = false;
    await l?.end().catch(() => undefined);
  }

  private remove(sub: Subscriber) {
    sub.closed = true;
    const set = this.subs.get(sub.audience);
    set?.delete(sub);
    if (set && set.size === 0) this.subs.delete(sub.audience);
  }

  private onNotify(payload: string | undefined) {
    let msg: { a: string; s: string };
    try {
      msg = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const set = this.subs.get(msg.a);
    if (!set) return;
    const seq = BigInt(msg.s);
    for (const sub of set) if (seq > sub.lastSeq) void this.pump(sub, false);
  }

  /** Reads and writes everything after sub.lastSeq; one pump per subscriber at a time. */
  private async pump(sub: Subscriber, resuming: boolean): Promise<void> {
    if (sub.pumping) {
      sub.again = true;
      return;
    }
    sub.pumping = true;
    try {
      let first = resuming;
      for (;;) {
        sub.again = false;
        const rows = await readStream(this.prisma, sub.audience, sub.lastSeq, BATCH);
        if (sub.closed) return;
        if (first && rows.length > 0 && rows[0]!.seq > sub.lastSeq + 1n) {
          // the resume point was pruned (retention): tell the page to reload what it shows
          sub.res.write(`event: resync\ndata: {}\n\n`);
        }
        first = false;
        for (const r of rows) {
          sub.res.write(`id: ${r.seq}\nevent: ${r.kind}\ndata: ${JSON.stringify(r.data)}\n\n`);
          sub.lastSeq = r.seq;
        }
        if (sub.res.writableLength > MAX_BUFFERED_BYTES) {
          sub.res.end();
          return;
        }
        if (rows.length < BATCH && !sub.again) return;
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, audience: sub.audience }, "event stream read failed; closing it");
      sub.res.end();
    } finally {
      sub.pumping = false;
    }
  }

  private sendHeartbeats() {
    for (const set of this.subs.values()) for (const sub of set) sub.res.write(": keep-alive\n\n");
  }

  private async connectListener(): Promise<void> {
    const client = new Client({ connectionString: this.opts.databaseUrl, keepAlive: true });
    client.on("notification", (n) => {
      if (n.channel === STREAM_CHANNEL) this.onNotify(n.payload);
    });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      if (this.closed) return;
      this.logger.warn({ err: err?.message }, "stream LISTEN connection lost; reconnecting");
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    await client.connect();
    await client.query(`LISTEN ${STREAM_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.listening = true;
    this.reconnectDelay = 100;
  }

  private scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(async () => {
      try {
        await this.connectListener();
        // notifications sent while we were away are lost: catch every open stream up from the table
        for (const set of this.subs.values()) for (const sub of set) void this.pump(sub, false);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, "stream LISTEN reconnect failed");
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 10_000);
        this.scheduleReconnect();
      }
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }
}
