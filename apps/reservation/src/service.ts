import { startService, type Logger, type StartedService } from "@preprint/service-kit";
import { loadReservationConfig, type Config } from "./config";
import { eventHandlers } from "./consumers";
import { createContext, type Ctx } from "./context";
import { createPrisma, type PrismaClient } from "./db/client";
import { mountRoutes } from "./http/routes";
import { expiryJob } from "./jobs/expiry";
import { fileRetentionJob } from "./jobs/retention";
import { tableRetentionJob } from "./jobs/table-retention";
import { S3Storage } from "./storage/s3";
import { LocalStorage, type FileStorage } from "./storage/storage";
import { registerReservationMetrics, registerUploadMetrics } from "./telemetry/metrics";

export type ReservationService = StartedService<PrismaClient, { ctx: Ctx }>;

export interface StartOptions {
  logger?: Logger;
  /** the clock (tests move it) */
  now?: () => Date;
  /** default: the driver STORAGE_DRIVER names */
  storage?: FileStorage;
  /**
   * false: neither the consumer nor the outbox relay runs; events written stay in `outbox_events`
   * (tests that read them there and need no broker traffic). Default true.
   */
  events?: boolean;
  /** consumer retry delays and attempts, relay poll (tests shorten them) */
  retryDelaysMs?: number[];
  maxAttempts?: number;
  relayPollMs?: number;
}

/** The storage driver the configuration names. */
export function storageFor(config: Config): FileStorage {
  if (config.STORAGE_DRIVER === "local") return new LocalStorage(config.STORAGE_LOCAL_DIR);
  return new S3Storage({
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
}

/** The reservation service on the kit's skeleton. Used by main.ts and by the tests. */
export function startReservationService(config: Config, opts: StartOptions = {}): Promise<ReservationService> {
  const events = opts.events ?? true;
  return startService({
    name: "reservation",
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    logger: opts.logger,
    database: { url: config.RESERVATION_DATABASE_URL, createClient: createPrisma },
    messaging: {
      env: { ...config, QUEUE_PREFIX: config.QUEUE_PREFIX || config.AMQP_QUEUE_PREFIX },
      ...(events ? { outbox: { databaseUrl: config.RESERVATION_DATABASE_URL, pollIntervalMs: opts.relayPollMs } } : {}),
      retryDelaysMs: opts.retryDelaysMs,
      maxAttempts: opts.maxAttempts,
    },
    compose({ prisma, logger, messaging }) {
      const storage = opts.storage ?? storageFor(config);
      const ctx = createContext({ config, prisma, storage, logger, now: opts.now });
      const metrics = [
        registerUploadMetrics(ctx.uploads),
        ...(messaging.pool ? [registerReservationMetrics({ pool: messaging.pool })] : []),
      ];
      const retention = { retentionDays: config.UPLOAD_RETENTION_DAYS, unusedDays: config.UNUSED_UPLOAD_RETENTION_DAYS };
      const tables = {
        idempotencyKeyHours: config.IDEMPOTENCY_KEY_RETENTION_HOURS,
        inboxDays: config.INBOX_RETENTION_DAYS,
        intervalMs: config.RETENTION_INTERVAL_MS,
      };
      return {
        routes: (app) => mountRoutes(app, ctx),
        ...(events ? { handlers: eventHandlers({ prisma, policy: config.REFUND_POLICY_JSON, logger, now: opts.now }) } : {}),
        jobs: [
          expiryJob(prisma, config.EXPIRY_INTERVAL_MS, logger),
          fileRetentionJob(prisma, storage, retention, config.RETENTION_INTERVAL_MS, logger),
          tableRetentionJob(prisma, messaging.pool ?? prisma, tables, logger),
        ],
        readiness: { storage: () => storage.check() },
        resources: [
          { name: "pdf-inspector", close: () => ctx.uploads.inspector.close() },
          { name: "metrics", close: () => metrics.forEach((m) => m.stop()) },
        ],
        extras: { ctx },
      };
    },
  });
}

/** main.ts: the configuration from the environment, then the service. */
export function startFromEnv(): Promise<ReservationService> {
  return startReservationService(loadReservationConfig());
}
