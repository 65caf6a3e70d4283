import { EventEmitter } from "node:events";
import * as amqp from "amqplib";
import type { Channel, ChannelModel, ConfirmChannel } from "amqplib";
import { consoleLogger, errorMessage, type Logger } from "./logger";
import { assertExchange, DEFAULT_EXCHANGE, type QueueType } from "./topology";

export interface ConnectionOptions {
  /** amqp://user:pass@host:port/vhost — usually `process.env.AMQP_URL`. */
  url: string;
  /** Topic exchange for events. Default `preprint.events`; tests use their own. */
  exchange?: string;
  /** Prepended to every consumer queue name (e.g. a test run id). Default "". */
  queuePrefix?: string;
  /**
   * `x-queue-type` of the consumer queues this connection declares. Default: unset, the broker's
   * default queue type decides (quorum in compose/k8s, decision 0072). Only quorum queues report
   * redeliveries (`x-delivery-count`), which bounds a message that crashes the process.
   */
  queueType?: QueueType;
  /** AMQP heartbeat; a silently dead peer is noticed after about twice this. Default 10 s. */
  heartbeatSeconds?: number;
  /** First reconnect delay; doubles per failed attempt (±20 % jitter). Default 100 ms. */
  reconnectInitialDelayMs?: number;
  /** Reconnect delay cap. Default 10 s. */
  reconnectMaxDelayMs?: number;
  /** TCP connect timeout. Default 5 s. */
  connectTimeoutMs?: number;
  /** Shown in the RabbitMQ management UI. */
  connectionName?: string;
  logger?: Logger;
}

/** Something that owns channels on the connection and must be set up again after a reconnect. */
export interface ConnectionParticipant {
  readonly name: string;
  /** Called on every (re)connect before the connection reports ready. Throwing recycles the connection. */
  setup(model: ChannelModel): Promise<void>;
  /** Called when the connection is lost; its channels are gone. */
  onDisconnect(): void;
  /** Graceful stop before the connection closes (a consumer drains and closes its channel). */
  close?(): Promise<void>;
}

type State = "idle" | "connecting" | "ready" | "closed";

/**
 * One AMQP connection per process: connects, declares the exchange, opens the publishing
 * confirm channel, sets up every registered consumer, and on loss of the connection (broker
 * restart, network cut, or any channel error) reconnects with exponential back-off and does it
 * all again. A channel error closes the whole connection on purpose: one recovery path, tested.
 *
 * Events: `ready`, `disconnected` (err), `reconnect-scheduled` ({attempt, delayMs}).
 */
export class MessagingConnection extends EventEmitter {
  readonly url: string;
  readonly exchange: string;
  readonly queuePrefix: string;
  readonly queueType?: QueueType;
  readonly logger: Logger;
  private readonly opts: Required<
    Pick<ConnectionOptions, "heartbeatSeconds" | "reconnectInitialDelayMs" | "reconnectMaxDelayMs" | "connectTimeoutMs">
  >;
  private readonly connectionName?: string;
  private state: State = "idle";
  private model?: ChannelModel;
  private confirmChannel?: ConfirmChannel;
  private readonly participants = new Set<ConnectionParticipant>();
  private failedAttempts = 0;
  private timer?: NodeJS.Timeout;
  private readyWaiters = new Set<() => void>();
  private closingModels = new WeakSet<ChannelModel>();

  constructor(options: ConnectionOptions) {
    super();
    if (!options.url) throw new Error("AMQP url is required (AMQP_URL)");
    this.url = options.url;
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    this.queuePrefix = options.queuePrefix ?? "";
    this.queueType = options.queueType;
    this.logger = options.logger ?? consoleLogger;
    this.connectionName = options.connectionName;
    this.opts = {
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
      reconnectInitialDelayMs: options.reconnectInitialDelayMs ?? 100,
      reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    };
    // EventEmitter throws on an unhandled "error"; we report errors through the logger instead.
    this.on("error", () => undefined);
  }

  /** Starts connecting in the background (idempotent). Use `waitUntilReady` or `isReady`. */
  start(): this {
    if (this.state === "idle") void this.connectOnce();
    return this;
  }

  /** `start()` and wait for the first ready state. */
  async connect(timeoutMs = 30_000): Promise<this> {
    this.start();
    await this.waitUntilReady(timeoutMs);
    return this;
  }

  /** Connected, exchange declared, publish channel open and every consumer set up. */
  isReady(): boolean {
    return this.state === "ready";
  }

  waitUntilReady(timeoutMs = 30_000): Promise<void> {
    if (this.state === "ready") return Promise.resolve();
    if (this.state === "closed") return Promise.reject(new Error("messaging connection is closed"));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(t);
        this.readyWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(() => {
        this.readyWaiters.delete(done);
        reject(new Error(`messaging connection not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      this.readyWaiters.add(done);
    });
  }

  /** The publishing confirm channel, when ready. */
  get publishChannel(): ConfirmChannel | undefined {
    return this.state === "ready" ? this.confirmChannel : undefined;
  }

  /** The full queue name for a service: `<queuePrefix><service>`. */
  queueName(service: string): string {
    return `${this.queuePrefix}${service}`;
  }

  /** Registers a participant; when the connection is ready it is set up right away. */
  async addParticipant(p: ConnectionParticipant): Promise<void> {
    this.participants.add(p);
    const model = this.model;
    if (this.state === "ready" && model) {
      try {
        await p.setup(model);
      } catch (err) {
        this.logger.error({ participant: p.name, err: errorMessage(err) }, "messaging setup failed; reconnecting");
        this.recycle(model, err);
        throw err;
      }
    }
  }

  removeParticipant(p: ConnectionParticipant): void {
    this.participants.delete(p);
  }

  /**
   * Reports a channel that closed unexpectedly (or a broker-side consumer cancel). The connection
   * is closed and rebuilt so topology and consumers are declared again.
   */
  channelLost(model: ChannelModel, reason: unknown): void {
    if (this.model !== model || this.state === "closed") return;
    this.logger.warn({ err: errorMessage(reason) }, "amqp channel lost; recycling connection");
    this.recycle(model, reason);
  }

  /** Opens an extra channel on the live connection (tools, tests). */
  async createChannel(): Promise<Channel> {
    await this.waitUntilReady();
    return this.model!.createChannel();
  }

  async close(): Promise<void> {
    if (this.state === "closed") return;
    // stop participants first: acks written just before a connection.close can be dropped
    await Promise.all([...this.participants].map((p) => p.close?.().catch(() => undefined)));
    this.state = "closed";
    clearTimeout(this.timer);
    const model = this.model;
    this.model = undefined;
    this.confirmChannel = undefined;
    if (model) {
      this.closingModels.add(model);
      await model.close().catch(() => undefined);
    }
    for (const p of this.participants) p.onDisconnect();
  }

  private async connectOnce(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "connecting";
    let model: ChannelModel;
    try {
      model = await amqp.connect(withHeartbeat(this.url, this.opts.heartbeatSeconds), {
        timeout: this.opts.connectTimeoutMs,
        clientProperties: this.connectionName ? { connection_name: this.connectionName } : undefined,
      });
    } catch (err) {
      this.scheduleReconnect(err);
      return;
    }
    if ((this.state as State) === "closed") {
      await model.close().catch(() => undefined);
      return;
    }
    this.model = model;
    model.on("error", (err: Error) => this.logger.warn({ err: err.message }, "amqp connection error"));
    model.on("close", (err?: Error) => this.onModelClosed(model, err));
    model.on("blocked", (reason: string) => this.logger.warn({ reason }, "amqp connection blocked by broker"));
    model.on("unblocked", () => this.logger.info({}, "amqp connection unblocked"));
    try {
      const ch = await model.createConfirmChannel();
      ch.on("error", (err: Error) => this.logger.warn({ err: err.message }, "amqp publish channel error"));
      ch.on("close", () => this.channelLost(model, new Error("publish channel closed")));
      await assertExchange(ch, this.exchange);
      this.confirmChannel = ch;
      for (const p of [...this.participants]) {
        if (this.model !== model) return;
        await p.setup(model);
      }
    } catch (err) {
      this.logger.error({ err: errorMessage(err) }, "amqp setup failed; reconnecting");
      this.recycle(model, err);
      return;
    }
    if (this.model !== model || this.state !== "connecting") return;
    this.state = "ready";
    const wasRecovery = this.failedAttempts > 0;
    this.failedAttempts = 0;
    this.logger.info({ exchange: this.exchange, recovered: wasRecovery }, "amqp connection ready");
    for (const w of [...this.readyWaiters]) w();
    this.emit("ready");
  }

  private recycle(model: ChannelModel, reason: unknown): void {
    if (this.closingModels.has(model)) return;
    this.closingModels.add(model);
    // close() on a half-dead socket may never answer; treat the connection as gone right away
    void model.close().catch(() => undefined);
    this.onModelClosed(model, reason instanceof Error ? reason : new Error(String(reason)));
  }

  private onModelClosed(model: ChannelModel, err?: Error): void {
    if (this.model !== model) return;
    this.model = undefined;
    this.confirmChannel = undefined;
    if (this.state === "closed") return;
    this.closingModels.add(model);
    this.logger.warn({ err: err?.message }, "amqp connection lost");
    for (const p of this.participants) p.onDisconnect();
    this.emit("disconnected", err);
    this.scheduleReconnect(err);
  }

  private scheduleReconnect(err: unknown): void {
    if (this.state === "closed") return;
    this.state = "connecting";
    const base = Math.min(this.opts.reconnectMaxDelayMs, this.opts.reconnectInitialDelayMs * 2 ** this.failedAttempts);
    const delayMs = Math.round(base * (0.8 + Math.random() * 0.4));
    this.failedAttempts++;
    this.logger.debug({ attempt: this.failedAttempts, delayMs, err: errorMessage(err) }, "amqp reconnect scheduled");
    this.emit("reconnect-scheduled", { attempt: this.failedAttempts, delayMs });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connectOnce(), delayMs);
  }
}

/** amqplib takes the heartbeat from the URL query; an explicit `?heartbeat=` in AMQP_URL wins. */
function withHeartbeat(url: string, seconds: number): string {
  const u = new URL(url);
  if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", String(seconds));
  return u.toString();
}
