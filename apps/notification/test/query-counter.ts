import net from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend protocol going through it and keeps
 * every SQL text the service sends (simple Query and extended Parse messages), so a test can count
 * the queries a behaviour costs on the real database.
 */
export class QueryCounter {
  readonly statements: string[] = [];
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target = { host: "127.0.0.1", port: 5432 }) {}

  async start(): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      const read = this.reader();
      client.on("data", (chunk: Buffer) => {
        read(chunk);
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return (server.address() as net.AddressInfo).port;
  }

  /** `url` with its host and port replaced by this proxy's. */
  rewriteUrl(url: string, port: number): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(port);
    return u.toString();
  }

  count(pattern: RegExp): number {
    return this.statements.filter((s) => pattern.test(s)).length;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** One connection's frontend stream: startup packets (no type byte), then typed messages. */
  private reader(): (chunk: Buffer) => void {
    let buf = Buffer.alloc(0);
    let startup = true;
    return (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (startup) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          // SSLRequest / GSSENCRequest are followed by the real startup packet
          if (code !== 80877103 && code !== 80877104) startup = false;
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]!);
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) return;
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        if (type === "Q") this.statements.push(body.toString("utf8", 0, body.indexOf(0)));
        else if (type === "P") {
          const nameEnd = body.indexOf(0);
          this.statements.push(body.toString("utf8", nameEnd + 1, body.indexOf(0, nameEnd + 1)));
        }
      }
    };
  }
}
