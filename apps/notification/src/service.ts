import { createTokenVerifier } from "@preprint/auth";
import { Consumer, MessagingConnection } from "@preprint/messaging";
import { createLogger, runService, type Logger, type RunningService } from "@preprint/service-kit";
import { buildApp } from "./app";
import type { Config } from "./config";
import { createHandlers } from "./consumers/handlers";
import { createPrisma, type PrismaClient } from "./db/client";
import { LEGALLY_REQUIRED, NOTIFIABLE_TYPES } from "./domain/messages";
import { EmailDeliveryWorker } from "./jobs/email-delivery";
import { startStreamRetention } from "./jobs/retention";
import { inboxRetentionJob } from "./jobs/inbox-retention";
import { fileMailer, smtpMailer, type Mailer } from "./mail/mailer";
import { StreamHub } from "./stream/hub";
import { Templates } from "./templates/templates";
import { withDomainIds } from "@preprint/telemetry";
import { registerNotificationMetrics } from "./telemetry/metrics";

export interface NotificationService {
  running: RunningService;
  prisma: PrismaClient;
  consumer: Consumer;
  connection: MessagingConnection;
  worker: EmailDeliveryWorker;
  hub: StreamHub;
  mailer: Mailer;
  /** graceful stop: end live streams (clients resume elsewhere), then drain HTTP, consumer, worker, connections */
  stop(reason?: string): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** consumer retry delays (tests shorten them) */
  retryDelaysMs?: number[];
  maxAttempts?: number;
}

/** Wires config → dependencies → app → consumer and worker. Used by main.ts and by the tests. */
export async function startNotificationService(config: Config, opts: StartOptions = {}): Promise<NotificationService> {
  const logger = opts.logger ?? createLogger("notification", config.LOG_LEVEL);
  const templates = Templates.load(config.TEMPLATES_DIR, NOTIFIABLE_TYPES, (t) => t !== "refund.failed");
  const prisma = createPrisma(config.NOTIFICATION_DATABASE_URL);

  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : fileMailer(config.MAIL_DIR, config.MAIL_FROM);
  if (config.SMTP_URL) logger.info({ mail: mailer.description }, "e-mail goes out over SMTP");
  else logger.warn({ mail: mailer.description }, "SMTP_URL is not set: e-mails are written as .eml files, not sent");
  logger.info({ alwaysEmailed: [...LEGALLY_REQUIRED] }, "e-mail opt-out never applies to these");

  const worker = new EmailDeliveryWorker(prisma, mailer, logger, {
    maxAttempts: config.EMAIL_MAX_ATTEMPTS,
    retryBaseMs: config.EMAIL_RETRY_BASE_MS,
    retryMaxMs: config.EMAIL_RETRY_MAX_MS,
    pollMs: config.EMAIL_POLL_MS,
  });
  const hub = new StreamHub(prisma, logger, {
    databaseUrl: config.NOTIFICATION_DATABASE_URL,
    heartbeatMs: config.SSE_HEARTBEAT_MS,
    maxStreamsPerAccount: config.SSE_MAX_STREAMS_PER_ACCOUNT,
    supersedeIntervalMs: config.SSE_SUPERSEDE_INTERVAL_MS,
    maxStreams: config.SSE_MAX_STREAMS,
    maxBufferedBytes: config.SSE_MAX_BUFFERED_BYTES,
  });
  await hub.start();

  const connection = new MessagingConnection({
    url: config.AMQP_URL,
    exchange: config.EVENTS_EXCHANGE,
    queuePrefix: config.QUEUE_PREFIX,
    connectionName: "notification",
    logger,
  });
  const consumer = new Consumer(connection, {
    service: "notification",
    handlers: withDomainIds(createHandlers({ prisma, templates, publicBaseUrl: config.PUBLIC_BASE_URL, logger, onEmailQueued: () => worker.kick() })),
    retryDelaysMs: opts.retryDelaysMs,
    maxAttempts: opts.maxAttempts,
    logger,
  });
  await consumer.start();
  connection.start();
  worker.start();
  const metrics = registerNotificationMetrics({ connection, openStreams: () => hub.connectionCount });
  const retention = startStreamRetention(prisma, logger, config.STREAM_RETENTION_HOURS);
  const inboxRetention = inboxRetentionJob(prisma, { inboxDays: config.INBOX_RETENTION_DAYS, intervalMs: config.RETENTION_INTERVAL_MS }, logger);
  inboxRetention.start();

  const verify = createTokenVerifier(config.JWT_SECRET);
  const { app, health } = buildApp({ prisma, verify, hub, logger, brokerReady: () => connection.isReady() });
  const running = await runService({
    service: "notification",
    app,
    health,
    logger,
    port: config.PORT,
    handleSignals: false,
    closeables: [
      { name: "consumer", close: () => consumer.stop() },
      { name: "metrics", close: async () => metrics.stop() },
      { name: "email worker", close: () => worker.stop() },
      { name: "retention", close: () => retention.stop() },
      { name: "inbox retention", close: () => inboxRetention.stop() },
      { name: "amqp", close: () => connection.close() },
      { name: "mailer", close: () => mailer.close() },
      { name: "prisma", close: () => prisma.$disconnect() },
    ],
  });

  let stopping: Promise<void> | undefined;
  const stop = (reason?: string) =>
    (stopping ??= (async () => {
      health.shuttingDown = true;
      // open SSE responses never finish by themselves and would hold the HTTP drain open
      await hub.close();
      await running.stop(reason);
    })());
  return { running, prisma, consumer, connection, worker, hub, mailer, stop };
}
