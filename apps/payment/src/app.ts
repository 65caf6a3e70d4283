import { domainIdsFromPath } from "@preprint/telemetry";
import type { TokenVerifier } from "@preprint/auth";
import { createServiceApp, type ReadinessCheck, type ServiceApp } from "@preprint/service-kit";
import { SPAN_ID_RULES } from "./telemetry/metrics";
import { paymentRoutes } from "./http/payments";
import { webhookRoutes } from "./http/webhooks";
import type { PaymentDeps } from "./use-cases/deps";

export interface AppDeps {
  deps: PaymentDeps;
  verifyUser: TokenVerifier;
  readiness: Record<string, ReadinessCheck>;
}

/** The HTTP app: used by main.ts (through createPaymentService) and by the tests. */
export function buildApp({ deps, verifyUser, readiness }: AppDeps): ServiceApp {
  return createServiceApp({
    service: "payment",
    logger: deps.logger,
    readiness,
    routes: (app) => {
      app.use(domainIdsFromPath(SPAN_ID_RULES));
      // before the payment routes: `/payments/webhooks/portone` must not be read as `/payments/:paymentId/...`
      app.use(webhookRoutes(deps));
      app.use(paymentRoutes(deps, verifyUser));
    },
  });
}
