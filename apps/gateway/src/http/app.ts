import type express from "express";
import { createServiceApp, send, type HealthState, type Logger } from "@preprint/service-kit";
import { authRouter } from "../accounts/routes";
import type { AccountService } from "../accounts/service";
import type { Cors } from "../edge/cors";
import type { TokenCheck } from "../edge/token-check";
import { healthOperation, healthResponse } from "../openapi/gateway-api";
import type { PublicDocs } from "../openapi/public-docs";
import type { ServiceName } from "../proxy/routes";
import { aggregateHealth, publicHealth } from "./health";
import { webApp } from "./static";

export interface ExpressDeps {
  logger: Logger;
  accounts: AccountService;
  tokenCheck: TokenCheck;
  cors: Cors;
  secureCookies: boolean;
  trustProxyHops: number;
  targets: Record<ServiceName, string>;
  database: () => Promise<unknown>;
  docs: PublicDocs;
  webDistDir: string;
}

/**
 * Everything that is not a proxied /api route: accounts, health, the OpenAPI document and the web
 * app. Built on the service kit (request ids, access log, problem+json, /health/live).
 */
export function buildExpressApp(d: ExpressDeps): { app: express.Express; health: HealthState } {
  return createServiceApp({
    service: "gateway",
    logger: d.logger,
    readiness: { database: d.database },
    jsonLimit: "16kb",
    // /health/ready and /metrics are on the operations port (operations.ts), not the public one
    operationsEndpoints: false,
    routes: (app) => {
      app.use(
        "/api/auth",
        authRouter({
          accounts: d.accounts,
          tokenCheck: d.tokenCheck,
          cors: d.cors,
          secureCookies: d.secureCookies,
          trustProxyHops: d.trustProxyHops,
        }),
      );
      app.get("/api/health", async (_req, res) => {
        const { ready, components } = await aggregateHealth(d.targets, d.database);
        res.setHeader("Cache-Control", "no-store");
        if (ready) send(res, healthOperation, { status: "ready", components: publicHealth(components) });
        else res.status(503).json(healthResponse.parse({ status: "degraded", components: publicHealth(components) }));
      });
      app.get("/api/docs", async (_req, res) => {
        const { body, complete } = await d.docs.get();
        // a document missing a service is not kept by caches: it heals as soon as the service answers
        res.setHeader("Cache-Control", complete ? "public, max-age=60" : "no-store");
        res.type("application/json").send(body);
      });
      app.use(webApp(d.webDistDir));
    },
  });
}
