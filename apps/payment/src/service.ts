import { createServiceTokenSource, createTokenVerifier } from "@preprint/auth";
import { Consumer, MessagingConnection, OutboxRelay, Publisher } from "@preprint/messaging";
import { createLogger, runService, type Logger, type RetentionJob, type RunningService } from "@preprint/service-kit";
import { Pool } from "pg";
import { buildApp } from "./app";
import type { PaymentConfig } from "./config";
import { createPrisma, type PrismaClient } from "./db/prisma";
import { ReconciliationJob } from "./jobs/reconciliation";
import { retentionJob } from "./jobs/retention";
import { PortOneApi } from "./portone/client";
import { proveCredentials } from "./portone/probe";
import { ReservationClient } from "./reservation/client";
import { refuseKnownTestChannels } from "./startup/test-channels";
import type { PaymentDeps } from "./use-cases/deps";
import { reconcilePayments } from "./use-cases/reconcile-payments";
import { reservationCancelledHandler } from "./consumers/reservation-cancelled";
import { refundRequestedHandler } from "./consumers/refund-requested";
import { withDomainIds } from "@preprint/telemetry";
import { registerPaymentMetrics } from "./telemetry/metrics";

export interface PaymentServiceOptions {
  logger?: Logger;
  /** default true; tests pass false */
  handleSignals?: boolean;
  /** AMQP queue prefix (tests) */
  queuePrefix?: string;
  /** consumer retry delays (tests shorten them) */
  retryDelaysMs?: number[];
  host?: string;
}

export interface PaymentService extends RunningService {
  prisma: PrismaClient;
  /** what the use cases run against (tests call use cases directly with it) */
  deps: PaymentDeps;
  reconciliation: ReconciliationJob;
  retention: RetentionJob;
  relay: OutboxRelay;
  messaging: MessagingConnection;
}

/** Wires config → dependencies → app, starts consumers, relay and jobs, and serves HTTP. */
export async function createPaymentService(config: PaymentConfig, opts: PaymentServiceOptions = {}): Promise<PaymentService> {
  const logger = opts.logger ?? createLogger("payment");
  const portone = new PortOneApi({
    baseUrl: config.PORTONE_API_BASE_URL,
    secret: config.PORTONE_API_SECRET,
    storeId: config.PORTONE_STORE_ID,
    timeoutMs: config.PORTONE_TIMEOUT_MS,
  });
  if (config.PORTONE_MODE !== "sandbox" && config.PORTONE_PROBE) await proveCredentials(portone, logger);
  const prisma = createPrisma(config.PAYMENT_DATABASE_URL);
  if (config.PORTONE_MODE === "live") {
    await refuseKnownTestChannels(prisma, {
      PORTONE_CHANNEL_KEY_CARD: config.PORTONE_CHANNEL_KEY_CARD,
      PORTONE_CHANNEL_KEY_EASY_PAY: config.PORTONE_CHANNEL_KEY_EASY_PAY,
    }).catch(async (err: unknown) => {
      await prisma.$disconnect();
      throw err;
    });
  }
  const pool = new Pool({ connectionString: config.PAYMENT_DATABASE_URL, max: 5 });
  // An idle client whose connection drops emits "error" on the pool; unhandled, it kills the process.
  pool.on("error", (err) => logger.warn({ err: err.message }, "pg pool: idle connection lost"));
  const reservations = new ReservationClient(config.RESERVATION_URL, createServiceTokenSource("payment", config.INTERNAL_JWT_SECRET));
  const deps: PaymentDeps = { prisma, portone, reservations, config, logger };

  const messaging = new MessagingConnection({
    url: config.AMQP_URL,
    exchange: config.EVENTS_EXCHANGE,
    queuePrefix: opts.queuePrefix,
    connectionName: "payment",
    logger,
  });
  messaging.start();
  const publisher = new Publisher(messaging);
  const relay = new OutboxRelay(pool, publisher, { pollIntervalMs: config.RELAY_INTERVAL_MS, logger });
  const consumer = new Consumer(messaging, {
    service: config.PAYMENT_QUEUE,
    handlers: withDomainIds({
      "refund.requested": refundRequestedHandler(deps),
      "reservation.status-changed": reservationCancelledHandler(deps),
    }),
    retryDelaysMs: opts.retryDelaysMs,
    logger,
  });
  const reconciliation = new ReconciliationJob(() => reconcilePayments(deps), { intervalMs: config.RECONCILE_INTERVAL_MS, logger });

  const { app, health } = buildApp({
    deps,
    verifyUser: createTokenVerifier(config.JWT_SECRET),
    readiness: {
      database: () => prisma.$queryRaw`SELECT 1`,
      broker: () => {
        if (!messaging.isReady()) throw new Error("not connected");
      },
    },
  });

  await consumer.start();
  await relay.start();
  const metrics = registerPaymentMetrics({ pool, connection: messaging, queue: config.PAYMENT_QUEUE });
  if (config.RECONCILE_ENABLED) reconciliation.start();
  const retention = retentionJob(prisma, pool, config, logger);
  retention.start();

  const running = await runService({
    service: "payment",
    app,
    health,
    logger,
    port: config.PORT,
    host: opts.host,
    handleSignals: opts.handleSignals,
    closeables: [
      { name: "consumer", close: () => consumer.stop() },
      { name: "metrics", close: async () => metrics.stop() },
      { name: "reconciliation", close: () => reconciliation.stop() },
      { name: "retention", close: () => retention.stop() },
      { name: "relay", close: () => relay.stop() },
      { name: "messaging", close: () => messaging.close() },
      { name: "pool", close: () => pool.end() },
      { name: "prisma", close: () => prisma.$disconnect() },
    ],
  });
  return { ...running, prisma, deps, reconciliation, retention, relay, messaging };
}
