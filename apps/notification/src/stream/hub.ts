import type { Response } from "express";
import { Client } from "pg";
import { AppError, type Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { readStream, STREAM_CHANNEL, streamHead, type StreamRow } from "../db/stream";

const BATCH = 200;
/** a stream closed on purpose that does not flush within this is destroyed (its peer may be gone) */
const END_GRACE_MS = 2_000;
/** Retry-After of a 503 when this replica holds as many streams as it may */
export const STREAM_CAPACITY_RETRY_AFTER_S = 10;

interface Subscriber {
  account: string;
  audience: Audience;
  /** the last seq written to this stream */
  lastSeq: bigint;
  /** false until the start point is known */
  ready: boolean;
  res: Response;
  closed: boolean;
}

/** An account's open streams, oldest first, and when it last had one closed for a newer one. */
interface Account {
  subs: Subscriber[];
  supersededAt: number;
}

/** The open streams of one audience (`user:<id>` or `store:<id>`): read once, written to each. */
interface Audience {
  key: string;
  subs: Set<Subscriber>;
  pumping: boolean;
  again: boolean;
}

export interface StreamHubOptions {
  databaseUrl: string;
  heartbeatMs: number;
  /** open streams per account; one more closes that account's oldest */
  maxStreamsPerAccount: number;
  /** an account has a stream closed for a newer one at most this often; one more meanwhile is a 429 */
  supersedeIntervalMs: number;
  /** open streams on this replica; one more is refused with 503 */
  maxStreams: number;
  /** a client that does not read its stream is cut off once this much waits for it */
  maxBufferedBytes: number;
}

/**
 * Live push (SSE) for this replica's open connections. Events are persisted per audience in
 * PostgreSQL (db/stream.ts) by whichever replica consumed them; every replica LISTENs on one
 * channel and, when an audience it has subscribers for moves on, reads the new rows from the
 * table once and writes them to each of that audience's streams. So a client connected to any
 * replica sees every event, in order, and `Last-Event-ID` (the per-audience sequence) resumes
 * exactly where a dropped connection stopped. Streams are capped per account and per replica.
 * See docs/decisions/0041-notification-sse-fan-out.md.
 */
export class StreamHub {
  private readonly audiences = new Map<string, Audience>();
  private readonly accounts = new Map<string, Account>();
  private open = 0;
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
    return this.open;
  }

  /** Open streams of one account on this replica. */
  streamsOf(account: string): number {
    return this.accounts.get(account)?.subs.length ?? 0;
  }

  /**
   * Takes over an HTTP response as the event stream of `account`, carrying `audience`'s events.
   * `lastEventId` = the last seq the client saw; without it the stream starts at "now" (history
   * is in GET /notifications). Throws AppError (before anything is written) when this replica is
   * full; an account at its cap loses its oldest stream instead.
   */
  async subscribe(account: string, audienceKey: string, lastEventId: bigint | undefined, res: Response): Promise<void> {
    this.admit(account, res);
    res.status(200);
    res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-cache, no-transform");
    res.setHeader("Connection", "keep-alive");
    // nginx and similar proxies: do not buffer this response
    res.setHeader("X-Accel-Buffering", "no");
    res.flushHeaders();
    res.socket?.setNoDelay(true);

    let audience = this.audiences.get(audienceKey);
    if (!audience) this.audiences.set(audienceKey, (audience = { key: audienceKey, subs: new Set(), pumping: false, again: false }));
    // registered before the start point is read: a NOTIFY meanwhile finds the audience, and the
    // pump after `ready` covers it
    const sub: Subscriber = { account, audience, lastSeq: 0n, ready: false, res, closed: false };
    audience.subs.add(sub);
    const mine = this.accounts.get(account);
    if (mine) mine.subs.push(sub);
    else this.accounts.set(account, { subs: [sub], supersededAt: 0 });
    this.open++;
    res.on("close", () => this.forget(sub));
    // a write to a connection that is going away fails here, never as an uncaught exception
    res.on("error", (err) => {
      this.logger.debug({ err: err.message }, "event stream write failed");
      this.forget(sub);
    });
    // a client that hung up before this point will not emit 'close' again
    if (!res.socket || res.socket.destroyed) {
      this.forget(sub);
      return;
    }
    this.send(sub, "retry: 3000\n\n");

    try {
      const head = await streamHead(this.prisma, audienceKey);
      if (sub.closed) return;
      // an id from beyond the head (another database, a client bug) would wait for events forever
      if (lastEventId !== undefined && lastEventId > head) this.send(sub, "event: resync\ndata: {}\n\n");
      sub.lastSeq = lastEventId !== undefined && lastEventId <= head ? lastEventId : head;
      sub.ready = true;
      await this.pump(audience);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "could not start event stream");
      this.end(sub);
    }
  }

  /** Ends every stream (graceful shutdown: clients reconnect to another replica and resume). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnectTimer);
    for (const a of [...this.audiences.values()]) for (const sub of [...a.subs]) this.end(sub);
    const l = this.listener;
    this.listener = undefined;
    this.listening = false;
    await l?.end().catch(() => undefined);
  }

  /**
   * An account at its cap gets its newest stream and loses its oldest: the page in front of the
   * user is the new one, and the oldest is the likeliest to be a connection whose client is
   * already gone (a laptop that slept, a phone that changed networks). The oldest is told
   * `superseded` and closed, at most once per interval per account (429 and Retry-After
   * meanwhile). A full replica refuses with 503 and Retry-After.
   */
  private admit(account: string, res: Response): void {
    if (this.closed) {
      res.setHeader("Retry-After", "1");
      throw new AppError(503, "SHUTTING_DOWN", "This server is shutting down; connect again.");
    }
    const mine = this.accounts.get(account);
    if (mine && mine.subs.length >= this.opts.maxStreamsPerAccount) {
      const wait = mine.supersededAt + this.opts.supersedeIntervalMs - Date.now();
      if (wait > 0) {
        // a page closed for a newer one reconnects on its own and would close the next oldest, and
        // so on round the tabs: once per interval, the rest wait (EventSource and our client back off)
        res.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
        throw new AppError(
          429,
          "TOO_MANY_STREAMS",
          `This account already has ${mine.subs.length} live connections; close a tab or try again shortly.`,
        );
      }
      mine.supersededAt = Date.now();
      for (const old of mine.subs.slice(0, mine.subs.length - this.opts.maxStreamsPerAccount + 1))
        this.end(old, "event: superseded\ndata: {}\n\n");
      return;
    }
    if (this.open >= this.opts.maxStreams) {
      res.setHeader("Retry-After", String(STREAM_CAPACITY_RETRY_AFTER_S));
      throw new AppError(503, "STREAM_CAPACITY_REACHED", "Too many live connections on this server; try again shortly.");
    }
  }

  /** Drops a stream from every index (idempotent). */
  private forget(sub: Subscriber): void {
    if (sub.closed) return;
    sub.closed = true;
    this.open--;
    sub.audience.subs.delete(sub);
    if (sub.audience.subs.size === 0 && !sub.audience.pumping) this.audiences.delete(sub.audience.key);
    const mine = this.accounts.get(sub.account);
    if (mine) {
      const i = mine.subs.indexOf(sub);
      if (i >= 0) mine.subs.splice(i, 1);
      if (mine.subs.length === 0) this.accounts.delete(sub.account);
    }
  }

  /** Closes a stream on purpose, after an optional last frame; a peer that does not take it is cut. */
  private end(sub: Subscriber, lastFrame?: string): void {
    if (lastFrame) this.send(sub, lastFrame);
    const { res } = sub;
    this.forget(sub);
    if (res.destroyed) return;
    if (!res.writableEnded) res.end();
    if (res.writableFinished) return;
    const timer = setTimeout(() => res.destroy(), END_GRACE_MS);
    timer.unref();
    res.once("close", () => clearTimeout(timer));
  }

  /**
   * The only way anything is written to a stream: nothing is written to one that is closed, and
   * a client that lets too much pile up is cut off (it resumes from Last-Event-ID on reconnect).
   */
  private send(sub: Subscriber, chunk: string): void {
    const { res } = sub;
    if (sub.closed || res.writableEnded || res.destroyed) return;
    res.write(chunk);
    if (res.writableLength > this.opts.maxBufferedBytes) {
      this.logger.info({ buffered: res.writableLength }, "event stream client is not reading; cutting it off");
      this.forget(sub);
      // not end(): a client that does not read would never take the rest, and this memory with it
      res.destroy();
    }
  }

  private onNotify(payload: string | undefined) {
    let msg: { a: string; s: string };
    let seq: bigint;
    try {
      msg = JSON.parse(payload ?? "");
      seq = BigInt(msg.s);
    } catch {
      return;
    }
    const audience = this.audiences.get(msg.a);
    if (!audience) return;
    for (const sub of audience.subs) {
      if (sub.ready && seq > sub.lastSeq) {
        void this.pump(audience);
        return;
      }
    }
  }

  /**
   * Reads what the audience's streams have not seen yet, once per batch whatever the number of
   * streams, and writes each stream the rows after its own position. One pump per audience at a
   * time; a NOTIFY or a new stream meanwhile makes it go round again.
   */
  private async pump(audience: Audience): Promise<void> {
    if (audience.pumping) {
      audience.again = true;
      return;
    }
    audience.pumping = true;
    try {
      for (;;) {
        audience.again = false;
        const live = [...audience.subs].filter((s) => s.ready);
        if (live.length === 0) return;
        const from = live.reduce((min, s) => (s.lastSeq < min ? s.lastSeq : min), live[0]!.lastSeq);
        const rows = await readStream(this.prisma, audience.key, from, BATCH);
        for (const sub of live) this.deliver(sub, rows);
        if (rows.length < BATCH && !audience.again) return;
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "event stream read failed; closing the audience's streams");
      for (const sub of [...audience.subs]) this.end(sub);
    } finally {
      audience.pumping = false;
      if (audience.subs.size === 0 && this.audiences.get(audience.key) === audience) this.audiences.delete(audience.key);
    }
  }

  /** `rows` are contiguous from some seq ≤ sub.lastSeq + 1, except where retention pruned them. */
  private deliver(sub: Subscriber, rows: StreamRow[]): void {
    const first = rows.findIndex((r) => r.seq > sub.lastSeq);
    if (first < 0 || sub.closed) return;
    let frames = "";
    // the resume point was pruned (retention): tell the page to reload what it shows
    if (rows[first]!.seq > sub.lastSeq + 1n) frames += "event: resync\ndata: {}\n\n";
    for (let i = first; i < rows.length; i++) {
      const r = rows[i]!;
      frames += `id: ${r.seq}\nevent: ${r.kind}\ndata: ${JSON.stringify(r.data)}\n\n`;
    }
    sub.lastSeq = rows[rows.length - 1]!.seq;
    this.send(sub, frames);
  }

  private sendHeartbeats() {
    for (const audience of [...this.audiences.values()]) for (const sub of [...audience.subs]) this.send(sub, ": keep-alive\n\n");
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
        // notifications sent while we were away are lost: catch every audience up from the table
        for (const audience of [...this.audiences.values()]) void this.pump(audience);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, "stream LISTEN reconnect failed");
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 10_000);
        this.scheduleReconnect();
      }
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }
}
