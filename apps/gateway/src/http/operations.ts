import http from "node:http";
import express from "express";
import { errorHandler, healthRouter, metricsRouter, notFoundHandler, type HealthState } from "@preprint/service-kit";
import type { ServiceName } from "../proxy/routes";
import { aggregateHealth } from "./health";

export interface OperationsDeps {
  /** shared with the public app: graceful shutdown flips it there and readiness reports it here */
  health: HealthState;
  database: () => Promise<unknown>;
  targets: Record<ServiceName, string>;
}

/**
 * The operations server (OPS_PORT, bound to OPS_HOST): what only operators, Prometheus and the
 * orchestrator's probes may see — `/metrics`, `/health/ready` with each check's error, and
 * `/health/dependencies`, every service's readiness as it answered. The public port keeps
 * `/health/live` and the public-safe `/api/health`.
 */
export function createOperationsServer(d: OperationsDeps): http.Server {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRouter("gateway", { database: d.database }, d.health));
  app.get("/health/dependencies", async (_req, res) => {
    const { ready, components } = await aggregateHealth(d.targets, d.database);
    res.setHeader("Cache-Control", "no-store");
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "degraded", components });
  });
  app.use(metricsRouter());
  app.use(notFoundHandler);
  app.use(errorHandler);
  return http.createServer(app);
}
