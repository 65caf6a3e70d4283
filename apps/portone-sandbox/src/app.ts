import type express from "express";
import { createServiceApp, type Logger } from "@preprint/service-kit";
import type { SandboxConfig } from "./config";
import { buildChannels } from "./domain/channels";
import { PortOneApiError } from "./domain/errors";
import { PaymentLedger } from "./domain/payments";
import { FaultRegistry } from "./faults";
import { apiRouter } from "./http/api";
import { CallLog } from "./http/call-log";
import { cdnRouter } from "./http/cdn";
import { checkoutRouter } from "./http/checkout";
import { hooksRouter } from "./http/hooks";
import { idempotency, jsonBodyAnyType, portOneErrorHandler, requirePortOneAuth, restFaults, sendPortOneError } from "./http/portone-http";
import { WebhookDispatcher } from "./webhooks/dispatcher";

export interface Sandbox {
  app: express.Express;
  health: ReturnType<typeof createServiceApp>["health"];
  ledger: PaymentLedger;
  dispatcher: WebhookDispatcher;
  faults: FaultRegistry;
  /** stops webhook retries and held requests (call before closing the server) */
  stop: () => void;
}

/** The whole emulator as an express app; main.ts runs it, tests run it in-process. */
export function buildApp(config: SandboxConfig, logger: Logger): Sandbox {
  const channels = buildChannels({
    mode: config.SANDBOX_MODE,
    cardKey: config.PORTONE_CHANNEL_KEY_CARD,
    easyPayKey: config.PORTONE_CHANNEL_KEY_EASY_PAY,
    tossKey: config.PORTONE_CHANNEL_KEY_TOSS,
  });
  const ledger = new PaymentLedger({ storeId: config.PORTONE_STORE_ID, merchantId: config.SANDBOX_MERCHANT_ID, channels });
  const faults = new FaultRegistry();
  const dispatcher = new WebhookDispatcher({
    secret: config.PORTONE_WEBHOOK_SECRET,
    defaultUrl: config.SANDBOX_WEBHOOK_URL,
    timeScale: config.SANDBOX_WEBHOOK_TIME_SCALE,
    timeoutMs: config.SANDBOX_WEBHOOK_TIMEOUT_MS,
    faults,
    logger,
    paymentStatusOf: (id) => ledger.find(id)?.status,
  });
  const idempotencyKeys = idempotency();
  const faultInjector = restFaults(faults);
  const calls = new CallLog();

  const { app, health } = createServiceApp({
    service: "portone-sandbox",
    logger,
    routes: (app) => {
      // the checkout form is urlencoded and parsed by its own route; everything else is JSON whatever its type
      app.use(cdnRouter({ mode: config.SANDBOX_MODE, storeId: config.PORTONE_STORE_ID, channels }));
      app.use(
        checkoutRouter({
          ledger,
          dispatcher,
          storeId: config.PORTONE_STORE_ID,
          storeName: config.SANDBOX_STORE_NAME,
          mode: config.SANDBOX_MODE,
        }),
      );
      app.use(jsonBodyAnyType());
      app.use(
        hooksRouter({
          ledger,
          dispatcher,
          faults,
          enabled: config.SANDBOX_TEST_HOOKS && config.SANDBOX_MODE !== "live",
          onReset: () => idempotencyKeys.clear(),
          calls,
        }),
      );
      app.use("/payments", calls.middleware, faultInjector, requirePortOneAuth(config.PORTONE_API_SECRET), idempotencyKeys);
      app.use(apiRouter({ ledger, dispatcher, storeId: config.PORTONE_STORE_ID }));
      // PortOne answers JSON for everything, unknown paths included (the SDK calls response.json() on errors)
      app.use((req, res) => sendPortOneError(res, new PortOneApiError(404, "NOT_FOUND", `${req.method} ${req.path} 경로가 없습니다.`)));
      app.use(portOneErrorHandler);
    },
  });
  return {
    app,
    health,
    ledger,
    dispatcher,
    faults,
    stop: () => {
      faultInjector.release();
      dispatcher.stop();
    },
  };
}
