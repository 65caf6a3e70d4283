import { createServiceApp, type Logger, type ServiceApp } from "@preprint/service-kit";
import type { TokenVerifier } from "@preprint/auth";
import type { PrismaClient } from "./db/client";
import { notificationRoutes } from "./http/routes";
import type { StreamHub } from "./stream/hub";

export interface AppDeps {
  prisma: PrismaClient;
  verify: TokenVerifier;
  hub: StreamHub;
  logger: Logger;
  /** broker connection is up (readiness) */
  brokerReady: () => boolean;
}

export function buildApp(deps: AppDeps): ServiceApp {
  return createServiceApp({
    service: "notification",
    logger: deps.logger,
    readiness: {
      database: () => deps.prisma.$queryRaw`SELECT 1`,
      broker: () => {
        if (!deps.brokerReady()) throw new Error("not connected to RabbitMQ");
      },
      listen: () => {
        if (!deps.hub.isListening()) throw new Error("live-push LISTEN connection is down");
      },
    },
    routes: (app) => notificationRoutes(app, deps),
  });
}
