import "./tracing";
import { createLogger, runService } from "@preprint/service-kit";
import { buildApp } from "./app";
import { loadReservationConfig } from "./config";
import { createPrisma } from "./db/client";
import { expiryJob } from "./jobs/expiry";
import { retentionJob } from "./jobs/retention";
import { createMessaging } from "./messaging";
import { S3Storage } from "./storage/s3";
import { LocalStorage, type FileStorage } from "./storage/storage";
import { tableRetentionJob } from "./jobs/table-retention";
import { registerReservationMetrics, registerUploadMetrics } from "./telemetry/metrics";

async function main() {
  const config = loadReservationConfig();
  const logger = createLogger("reservation");
  const prisma = createPrisma(config.RESERVATION_DATABASE_URL);
  const storage: FileStorage =
    config.STORAGE_DRIVER === "s3"
      ? new S3Storage({
          bucket: config.S3_BUCKET!,
          region: config.S3_REGION,
          endpoint: config.S3_ENDPOINT,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        })
      : new LocalStorage(config.STORAGE_LOCAL_DIR);
  const messaging = createMessaging({
    amqpUrl: config.AMQP_URL,
    exchange: config.EVENTS_EXCHANGE,
    queuePrefix: config.AMQP_QUEUE_PREFIX,
    databaseUrl: config.RESERVATION_DATABASE_URL,
    prisma,
    policy: config.REFUND_POLICY_JSON,
    logger,
  });
  const { app, health, ctx } = buildApp({
    config,
    prisma,
    storage,
    logger,
    readiness: {
      database: () => prisma.$queryRawUnsafe("SELECT 1"),
      broker: () => {
        if (!messaging.connection.isReady()) throw new Error("not connected to RabbitMQ");
      },
      storage: () => storage.check(),
    },
  });
  const jobs = [
    expiryJob(prisma, config.EXPIRY_INTERVAL_MS, logger),
    retentionJob(prisma, storage, { retentionDays: config.UPLOAD_RETENTION_DAYS, unusedDays: config.UNUSED_UPLOAD_RETENTION_DAYS }, config.RETENTION_INTERVAL_MS, logger),
  ];
  const tableRetention = tableRetentionJob(
    prisma,
    messaging.pool,
    { idempotencyKeyHours: config.IDEMPOTENCY_KEY_RETENTION_HOURS, inboxDays: config.INBOX_RETENTION_DAYS, intervalMs: config.RETENTION_INTERVAL_MS },
    logger,
  );
  await messaging.start();
  registerReservationMetrics({ pool: messaging.pool, connection: messaging.connection });
  registerUploadMetrics(ctx.uploads);
  for (const j of jobs) j.start();
  tableRetention.start();
  await runService({
    service: "reservation",
    app,
    health,
    logger,
    port: config.PORT,
    closeables: [
      { name: "pdf-inspector", close: () => ctx.uploads.inspector.close() },
      { name: "consumer", close: () => messaging.consumer.stop() },
      ...jobs.map((j) => ({ name: `job:${j.name}`, close: () => j.stop() })),
      { name: "job:table-retention", close: () => tableRetention.stop() },
      { name: "relay", close: () => messaging.relay.stop() },
      { name: "amqp", close: () => messaging.connection.close() },
      { name: "relay-pool", close: () => messaging.pool.end() },
      { name: "prisma", close: () => prisma.$disconnect() },
    ],
  });
}

main().catch((err) => {
  process.stderr.write(`reservation failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
