import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

export interface OutgoingMail {
  /** stable per delivery, so a resend after a crash carries the same Message-ID */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** human description for the start-up log, without credentials */
  readonly description: string;
  /** resolves with a provider reference (SMTP message id or file path); rejects on failure */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** SMTP error codes 5xx are permanent (no such mailbox, rejected): retrying cannot help. */
export function isPermanentMailError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

function domainOf(from: string): string {
  const m = /@([^>\s]+)/.exec(from);
  return m ? m[1]! : "preprint.local";
}

/** SMTP through nodemailer, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.example:465. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } satisfies SMTPTransport.Options);
  const u = new URL(smtpUrl);
  const domain = domainOf(from);
  return {
    description: `SMTP ${u.protocol}//${u.host}`,
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${domain}>`,
      });
      return info.messageId;
    },
    close: () => transport.close(),
  };
}

/** Development default: each message is written as `<dir>/<delivery id>.eml` (open it in any mail client). */
export function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const domain = domainOf(from);
  return {
    description: `.eml files in ${dir}`,
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${domain}>`,
      });
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${mail.id}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      return file;
    },
    close: () => transport.close(),
  };
}
