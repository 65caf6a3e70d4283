import net from "node:net";

export interface TcpProxyOptions {
  /** Upstream host, default 127.0.0.1. */
  targetHost?: string;
  targetPort: number;
  /** Local port to listen on; 0 (default) picks a free one. */
  listenPort?: number;
}

/**
 * A test-owned TCP proxy in front of a shared server (RabbitMQ, PostgreSQL). `cut()` destroys
 * every open connection and refuses new ones until `restore()`, so a test can simulate a broker
 * restart or a network partition without touching the server other suites are using.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private cutState = false;
  private connectionCount = 0;
  readonly targetHost: string;
  readonly targetPort: number;
  private readonly listenPort: number;

  constructor(opts: TcpProxyOptions) {
    this.targetHost = opts.targetHost ?? "127.0.0.1";
    this.targetPort = opts.targetPort;
    this.listenPort = opts.listenPort ?? 0;
  }

  /** Starts listening on 127.0.0.1 and resolves with the local port. */
  async start(): Promise<number> {
    const server = net.createServer((client) => this.onClient(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.listenPort, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return this.port;
  }

  get port(): number {
    const addr = this.server?.address();
    if (!addr || typeof addr === "string") throw new Error("TcpProxy is not started");
    return addr.port;
  }

  /** Rewrites a URL (amqp://, postgres://) so it goes through this proxy. */
  rewriteUrl(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  /** Connections accepted (and forwarded) since start, handy to assert a reconnect happened. */
  get connectionsAccepted(): number {
    return this.connectionCount;
  }

  get activeConnections(): number {
    return this.sockets.size / 2;
  }

  get isCut(): boolean {
    return this.cutState;
  }

  /** Kills every open connection (RST) and refuses new ones until `restore()`. */
  cut(): void {
    this.cutState = true;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cutState = false;
  }

  async close(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onClient(client: net.Socket): void {
    if (this.cutState) {
      client.resetAndDestroy();
      return;
    }
    this.connectionCount++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = [client, upstream];
    for (const s of pair) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on("error", () => undefined);
      s.on("close", () => {
        this.sockets.delete(s);
        for (const other of pair) if (other !== s && !other.destroyed) other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
