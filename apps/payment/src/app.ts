import { domainIdsFromPath } from "@preprint/telemetry";
import { SPAN_ID_RULES } from "./telemetry/metrics";
import type { TokenVerifier } from "@preprint/auth";
import { createServiceApp, type Logger, type ReadinessCheck, type ServiceApp } from "@preprint/service-kit";
import { webhookSecrets, type PaymentConfig } from "./config";
import type { PrismaClient } from "./db/prisma";
import { paymentRoutes } from "./http/payments";
import { webhookRoutes } from "./http/webhooks";
import type { CheckoutService } from "./services/checkout";
import type { Settlement } from "./services/settlement";
import type { ExternalRefunds } from "./services/external-refunds";
import type { UnknownPayments } from "./services/unknown-payments";

export interface AppDeps {
  config: PaymentConfig;
  logger: Logger;
  prisma: PrismaClient;
  verifyUser: TokenVerifier;
  checkout: CheckoutService;
  settlement: Settlement;
  externalRefunds: ExternalRefunds;
  unknownPayments: UnknownPayments;
  readiness: Record<string, ReadinessCheck>;
}

/** The HTTP app: used by main.ts (through createPaymentService) and by the tests. */
export function buildApp(deps: AppDeps): ServiceApp {
  return createServiceApp({
    service: "payment",
    logger: deps.logger,
    readiness: deps.readiness,
    routes: (app) => {
      app.use(domainIdsFromPath(SPAN_ID_RULES));
      // before the payment routes: `/payments/webhooks/portone` must not be read as `/payments/:paymentId/...`
      app.use(
        webhookRoutes({
          prisma: deps.prisma,
          settlement: deps.settlement,
          webhookSecrets: webhookSecrets(deps.config),
          externalRefunds: deps.externalRefunds,
          unknownPayments: deps.unknownPayments,
          storeId: deps.config.PORTONE_STORE_ID,
          logger: deps.logger,
        }),
      );
      app.use(paymentRoutes(deps));
    },
  });
}
