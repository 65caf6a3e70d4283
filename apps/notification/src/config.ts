import path from "node:path";
import { z } from "zod";
import { env, loadConfig, messagingEnv } from "@preprint/service-kit";

export const configShape = {
  PORT: env.port(8083).describe("HTTP port"),
  LOG_LEVEL: z.string().optional().describe("pino level (default info, warn under NODE_ENV=test)"),
  NOTIFICATION_DATABASE_URL: env
    .url()
    .default("postgresql://postgres@127.0.0.1:5432/preprint_notification")
    .describe("this service's own PostgreSQL database"),
  // AMQP_URL, EVENTS_EXCHANGE, QUEUE_PREFIX (the queue is `<QUEUE_PREFIX>notification`)
  ...messagingEnv,
  JWT_SECRET: env.secret(32).describe("verifies user access tokens (same secret the gateway signs with)"),
  PUBLIC_BASE_URL: env.url().default("http://localhost:8080").describe("base of links in e-mails"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: "expected smtp://host:port or smtps://user:pass@host:port" })
    .optional()
    .describe("SMTP server for e-mail; unset = write each message as an .eml file under MAIL_DIR"),
  MAIL_FROM: z.string().min(3).default("프리프린트 <no-reply@preprint.kr>").describe("sender address of every e-mail"),
  MAIL_DIR: z.string().min(1).default(path.resolve("var/mail")).describe("where .eml files go when SMTP_URL is unset"),
  TEMPLATES_DIR: z
    .string()
    .min(1)
    .default(path.resolve(__dirname, "../templates"))
    .describe("folder of editable message templates (<event>/subject.txt, inapp.txt, email.txt, email.html)"),
  EMAIL_MAX_ATTEMPTS: env.int(8).pipe(z.number().min(1)).describe("SMTP attempts before an e-mail is given up (recorded FAILED)"),
  EMAIL_RETRY_BASE_MS: env.int(30_000).pipe(z.number().min(1)).describe("first retry delay; doubles per attempt"),
  EMAIL_RETRY_MAX_MS: env.int(3_600_000).pipe(z.number().min(1)).describe("cap on the retry delay"),
  EMAIL_POLL_MS: env.int(1_000).pipe(z.number().min(10)).describe("how often the delivery worker looks for due e-mails"),
  SSE_HEARTBEAT_MS: env.int(15_000).pipe(z.number().min(100)).describe("comment line sent on idle SSE streams so proxies keep them"),
  SSE_MAX_STREAMS_PER_ACCOUNT: env
    .int(5)
    .pipe(z.number().min(1))
    .describe("open SSE streams per account on one replica; one more closes that account's oldest (event: superseded)"),
  SSE_SUPERSEDE_INTERVAL_MS: env
    .int(30_000)
    .pipe(z.number().min(0))
    .describe(
      "an account over its cap has its oldest stream closed at most this often; an extra stream meanwhile gets 429 and Retry-After",
    ),
  SSE_MAX_STREAMS: env
    .int(1_000)
    .pipe(z.number().min(1))
    .describe("open SSE streams on one replica; one more is refused with 503 and Retry-After"),
  SSE_MAX_BUFFERED_BYTES: env
    .int(1_000_000)
    .pipe(z.number().min(1_024))
    .describe("bytes waiting for a client that does not read its stream before it is cut off (it resumes on reconnect)"),
  STREAM_RETENTION_HOURS: env.int(24).pipe(z.number().min(1)).describe("how long live-push events stay resumable"),
  INBOX_RETENTION_DAYS: env
    .int(30)
    .pipe(z.number().int().min(1))
    .describe("days a consumed event id is remembered for dedupe, then deleted"),
  RETENTION_INTERVAL_MS: env.int(3_600_000).pipe(z.number().min(1000)).describe("how often the inbox retention job runs"),
};

export type Config = z.infer<z.ZodObject<typeof configShape>>;

export function loadNotificationConfig(source: NodeJS.ProcessEnv = process.env, opts: { exitOnError?: boolean } = {}): Config {
  return loadConfig(configShape, source, { service: "notification", exitOnError: opts.exitOnError });
}
