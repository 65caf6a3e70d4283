import { createTokenVerifier } from "@preprint/auth";
import { startService, type Logger, type StartedService } from "@preprint/service-kit";
import { loadNotificationConfig, type Config } from "./config";
import { createHandlers } from "./consumers/handlers";
import { createPrisma, type PrismaClient } from "./db/client";
import { LEGALLY_REQUIRED, NOTIFIABLE_TYPES } from "./domain/messages";
import { api } from "./http/api";
import { notificationRoutes } from "./http/routes";
import { EMAIL_DELIVERY_JOB, emailDeliveryJob } from "./jobs/email-delivery";
import { inboxRetentionJob } from "./jobs/inbox-retention";
import { streamRetentionJob } from "./jobs/stream-retention";
import { fileMailer, smtpMailer, type Mailer } from "./mail/mailer";
import { StreamHub } from "./stream/hub";
import { registerNotificationMetrics } from "./telemetry/metrics";
import { Templates } from "./templates/templates";

export type NotificationService = StartedService<PrismaClient, { hub: StreamHub; mailer: Mailer }>;

export interface StartOptions {
  logger?: Logger;
  /** consumer retry delays (tests shorten them) */
  retryDelaysMs?: number[];
  maxAttempts?: number;
}

/** The notification service on the kit's skeleton. Used by main.ts and by the tests. */
export function startNotificationService(config: Config, opts: StartOptions = {}): Promise<NotificationService> {
  return startService({
    name: "notification",
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    logger: opts.logger,
    database: { url: config.NOTIFICATION_DATABASE_URL, createClient: createPrisma },
    messaging: { env: config, retryDelaysMs: opts.retryDelaysMs, maxAttempts: opts.maxAttempts },
    async compose({ prisma, logger, jobs }) {
      // parsed once here: a missing or malformed template stops the start, not a customer's event
      const templates = Templates.load(config.TEMPLATES_DIR, NOTIFIABLE_TYPES, (t) => t !== "refund.failed");
      const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : fileMailer(config.MAIL_DIR, config.MAIL_FROM);
      if (config.SMTP_URL) logger.info({ mail: mailer.description }, "e-mail goes out over SMTP");
      else logger.warn({ mail: mailer.description }, "SMTP_URL is not set: e-mails are written as .eml files, not sent");
      logger.info({ alwaysEmailed: [...LEGALLY_REQUIRED] }, "e-mail opt-out never applies to these");

      const hub = new StreamHub(prisma, logger, {
        databaseUrl: config.NOTIFICATION_DATABASE_URL,
        heartbeatMs: config.SSE_HEARTBEAT_MS,
        maxStreamsPerAccount: config.SSE_MAX_STREAMS_PER_ACCOUNT,
        supersedeIntervalMs: config.SSE_SUPERSEDE_INTERVAL_MS,
        maxStreams: config.SSE_MAX_STREAMS,
        maxBufferedBytes: config.SSE_MAX_BUFFERED_BYTES,
      });
      await hub.start();
      const metrics = registerNotificationMetrics({ openStreams: () => hub.connectionCount });
      const verify = createTokenVerifier(config.JWT_SECRET);
      const delivery = {
        maxAttempts: config.EMAIL_MAX_ATTEMPTS,
        retryBaseMs: config.EMAIL_RETRY_BASE_MS,
        retryMaxMs: config.EMAIL_RETRY_MAX_MS,
      };

      return {
        api,
        routes: (app) => notificationRoutes(app, { prisma, verify, hub }),
        handlers: createHandlers({
          prisma,
          templates,
          publicBaseUrl: config.PUBLIC_BASE_URL,
          logger,
          onEmailQueued: () => jobs.kick(EMAIL_DELIVERY_JOB),
        }),
        jobs: [
          emailDeliveryJob({ prisma, mailer, logger, options: delivery }, config.EMAIL_POLL_MS),
          streamRetentionJob(prisma, logger, config.STREAM_RETENTION_HOURS),
          inboxRetentionJob(prisma, { inboxDays: config.INBOX_RETENTION_DAYS, intervalMs: config.RETENTION_INTERVAL_MS }, logger),
        ],
        readiness: {
          listen: () => {
            if (!hub.isListening()) throw new Error("live-push LISTEN connection is down");
          },
        },
        // open SSE responses never finish by themselves and would hold the HTTP drain open
        beforeDrain: () => hub.close(),
        resources: [
          { name: "metrics", close: () => metrics.stop() },
          { name: "mailer", close: () => mailer.close() },
        ],
        extras: { hub, mailer },
      };
    },
  });
}

/** main.ts: the configuration from the environment, then the service. */
export function startFromEnv(): Promise<NotificationService> {
  return startNotificationService(loadNotificationConfig());
}
