import { createServiceTokenSource, createTokenVerifier } from "@preprint/auth";
import { startService, type Logger, type StartedService } from "@preprint/service-kit";
import { loadPrintingConfig, type Config } from "./config";
import { createHandlers } from "./consumers/handlers";
import { createPrisma, type PrismaClient } from "./db/client";
import { adminDeviceRoutes } from "./http/admin-devices";
import { agentRoutes } from "./http/agent";
import { api } from "./http/api";
import { kioskRoutes } from "./http/kiosk";
import { dispatchJob, purgeJob } from "./jobs/periodic";
import { ReservationClient } from "./upstream/reservation-client";
import type { Deps } from "./use-cases/deps";
import { StoreSignal } from "./wake/store-signal";

export type PrintingService = StartedService<PrismaClient, { deps: Deps }>;

export interface StartOptions {
  logger?: Logger;
  /** consumer retry delays (tests shorten them) */
  retryDelaysMs?: number[];
  maxAttempts?: number;
  /** the clock of every use case (tests move it) */
  now?: () => Date;
}

/** The printing service on the kit's skeleton. Used by main.ts and by the tests. */
export function startPrintingService(config: Config, opts: StartOptions = {}): Promise<PrintingService> {
  return startService({
    name: "printing",
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    logger: opts.logger,
    database: { url: config.PRINTING_DATABASE_URL, createClient: createPrisma },
    messaging: {
      env: config,
      outbox: { databaseUrl: config.PRINTING_DATABASE_URL },
      retryDelaysMs: opts.retryDelaysMs,
      maxAttempts: opts.maxAttempts,
    },
    compose({ prisma, logger }) {
      const deps: Deps = {
        prisma,
        reservations: new ReservationClient(config.RESERVATION_URL, createServiceTokenSource("printing", config.INTERNAL_JWT_SECRET)),
        signal: new StoreSignal(),
        pickupCodeSecret: config.PICKUP_CODE_SECRET,
        now: opts.now ?? (() => new Date()),
      };
      const verify = createTokenVerifier(config.JWT_SECRET);
      return {
        api,
        routes: (app) => {
          adminDeviceRoutes(app, deps, verify);
          kioskRoutes(app, deps);
          agentRoutes(app, deps, { recheckMs: config.LONG_POLL_RECHECK_MS });
        },
        handlers: createHandlers(deps),
        jobs: [
          dispatchJob(deps, config.DISPATCH_INTERVAL_MS),
          purgeJob(deps, { intervalMs: config.PURGE_INTERVAL_MS, inboxDays: config.INBOX_RETENTION_DAYS }, logger),
        ],
        extras: { deps },
      };
    },
  });
}

/** main.ts: the configuration from the environment, then the service. */
export function startFromEnv(): Promise<PrintingService> {
  return startPrintingService(loadPrintingConfig());
}
