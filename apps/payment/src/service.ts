import { createServiceTokenSource, createTokenVerifier } from "@preprint/auth";
import { startService, type Logger, type StartedService } from "@preprint/service-kit";
import { domainIdsFromPath } from "@preprint/telemetry";
import { loadPaymentConfig, type PaymentConfig } from "./config";
import { refundRequestedHandler } from "./consumers/refund-requested";
import { reservationCancelledHandler } from "./consumers/reservation-cancelled";
import { createPrisma, type PrismaClient } from "./db/client";
import { api } from "./http/api";
import { paymentRoutes } from "./http/payments";
import { webhookRoutes } from "./http/webhooks";
import { reconciliationJob } from "./jobs/reconciliation";
import { retentionJob } from "./jobs/retention";
import { PortOneApi } from "./portone/client";
import { proveCredentials } from "./portone/probe";
import { ReservationClient } from "./reservation/client";
import { refuseKnownTestChannels } from "./startup/test-channels";
import { registerPaymentMetrics, SPAN_ID_RULES } from "./telemetry/metrics";
import type { PaymentDeps } from "./use-cases/deps";

/** `deps`: what the use cases run against (tests call use cases with it directly). */
export type PaymentService = StartedService<PrismaClient, { deps: PaymentDeps }>;

export interface StartOptions {
  logger?: Logger;
  /** consumer retry delays (tests shorten them) */
  retryDelaysMs?: number[];
  host?: string;
}

/** The payment service on the kit's skeleton. Used by main.ts and by the tests. */
export function startPaymentService(config: PaymentConfig, opts: StartOptions = {}): Promise<PaymentService> {
  return startService({
    name: "payment",
    port: config.PORT,
    host: opts.host,
    logger: opts.logger,
    database: { url: config.PAYMENT_DATABASE_URL, createClient: createPrisma },
    messaging: {
      env: config,
      queue: config.PAYMENT_QUEUE,
      outbox: { databaseUrl: config.PAYMENT_DATABASE_URL, poolMax: 5, pollIntervalMs: config.RELAY_INTERVAL_MS },
      retryDelaysMs: opts.retryDelaysMs,
    },
    async compose({ prisma, logger }) {
      logger.info({ mode: config.PORTONE_MODE, portone: new URL(config.PORTONE_API_BASE_URL).origin }, "starting payment service");
      const portone = new PortOneApi({
        baseUrl: config.PORTONE_API_BASE_URL,
        secret: config.PORTONE_API_SECRET,
        storeId: config.PORTONE_STORE_ID,
        timeoutMs: config.PORTONE_TIMEOUT_MS,
      });
      // test and live: credentials PortOne refuses, or a TEST channel's key in live, stop the start
      if (config.PORTONE_MODE !== "sandbox" && config.PORTONE_PROBE) await proveCredentials(portone, logger);
      if (config.PORTONE_MODE === "live") {
        await refuseKnownTestChannels(prisma, {
          PORTONE_CHANNEL_KEY_CARD: config.PORTONE_CHANNEL_KEY_CARD,
          PORTONE_CHANNEL_KEY_EASY_PAY: config.PORTONE_CHANNEL_KEY_EASY_PAY,
        });
      }
      const reservations = new ReservationClient(config.RESERVATION_URL, createServiceTokenSource("payment", config.INTERNAL_JWT_SECRET));
      const deps: PaymentDeps = { prisma, portone, reservations, config, logger };
      const verifyUser = createTokenVerifier(config.JWT_SECRET);
      registerPaymentMetrics();

      return {
        routes: (app) => {
          app.use(domainIdsFromPath(SPAN_ID_RULES));
          // before the payment routes: `/payments/webhooks/portone` must not be read as `/payments/:paymentId/...`
          app.use(webhookRoutes(deps));
          app.use(paymentRoutes(deps, verifyUser));
        },
        handlers: {
          "refund.requested": refundRequestedHandler(deps),
          "reservation.status-changed": reservationCancelledHandler(deps),
        },
        jobs: [...(config.RECONCILE_ENABLED ? [reconciliationJob(deps)] : []), retentionJob(prisma, config, logger)],
        api,
        extras: { deps },
      };
    },
  });
}

/** main.ts: the configuration from the environment, then the service. */
export function startFromEnv(): Promise<PaymentService> {
  return startPaymentService(loadPaymentConfig());
}
