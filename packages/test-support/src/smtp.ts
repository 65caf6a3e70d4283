import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { TcpProxy } from "./tcp-proxy";

export interface CapturedMail {
  /** envelope recipients */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server owned by the test (smtp-server on loopback, no TLS, no auth): notification's
 * nodemailer delivers to it over SMTP exactly as it would to a provider, and the test reads what
 * arrived. With `behindProxy`, the URL it hands out leads through a TcpProxy, so a test can take
 * the mail provider "down" (`proxy.cut()`) and bring it back (`proxy.restore()`).
 */
export class MailCatcher {
  readonly mails: CapturedMail[] = [];
  private server?: SMTPServer;
  private tcpProxy?: TcpProxy;

  constructor(private readonly opts: { behindProxy?: boolean } = {}) {}

  /** The proxy in front of the server (only with `behindProxy`, after start). */
  get proxy(): TcpProxy {
    if (!this.tcpProxy) throw new Error("MailCatcher: no proxy (construct it with { behindProxy: true } and start it)");
    return this.tcpProxy;
  }

  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              parsed,
            });
            callback();
          })
          .catch(callback);
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const addr = server.server.address();
    if (!addr || typeof addr === "string") throw new Error("SMTP server has no port");
    if (!this.opts.behindProxy) return `smtp://127.0.0.1:${addr.port}`;
    this.tcpProxy = new TcpProxy({ targetPort: addr.port });
    return `smtp://127.0.0.1:${await this.tcpProxy.start()}`;
  }

  /** Mails sent to `address` (case-insensitive). */
  to(address: string): CapturedMail[] {
    const a = address.toLowerCase();
    return this.mails.filter((m) => m.to.some((t) => t.toLowerCase() === a));
  }

  async stop(): Promise<void> {
    await this.tcpProxy?.close();
    this.tcpProxy = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
