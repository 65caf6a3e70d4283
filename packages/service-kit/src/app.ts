import express from "express";
import { accessLog, requestContext } from "./context";
import { errorHandler, notFoundHandler } from "./errors";
import { healthRouter, livenessRouter, type HealthState, type ReadinessCheck } from "./health";
import type { Logger } from "./logger";
import { metricsRouter } from "./metrics";

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  /** named readiness checks, e.g. { database: () => prisma.$queryRaw`SELECT 1`, broker: () => amqp.assertReady() } */
  readiness?: Record<string, ReadinessCheck>;
  /** JSON body limit (default 100kb); uploads use their own streaming parser */
  jsonLimit?: string;
  /** mount the service's routes */
  routes: (app: express.Express) => void;
  /**
   * Serve `/health/ready` and `/metrics` on this app (default). `false`: only `/health/live`; the
   * caller serves the others elsewhere (the gateway's operations port), with `health` from here.
   */
  operationsEndpoints?: boolean;
}

export interface ServiceApp {
  app: express.Express;
  health: HealthState;
}

/**
 * The express app every service starts from: request id and logger per request, access log,
 * health endpoints, Prometheus metrics at /metrics, JSON bodies (raw bytes kept on req.rawBody for signature checks),
 * problem+json for every error and for unknown routes.
 */
export function createServiceApp(opts: ServiceAppOptions): ServiceApp {
  const app = express();
  const health: HealthState = { shuttingDown: false };
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback, linklocal, uniquelocal");
  if (opts.operationsEndpoints === false) app.use(livenessRouter(opts.service));
  else {
    app.use(healthRouter(opts.service, opts.readiness ?? {}, health));
    app.use(metricsRouter());
  }
  app.use(requestContext(opts.logger));
  app.use(accessLog(opts.logger));
  app.use(
    express.json({
      limit: opts.jsonLimit ?? "100kb",
      // PortOne's SDK and some clients send JSON without a JSON content-type (docs/portone.md §9)
      type: ["application/json", "application/*+json"],
      verify: (req, _res, buf) => {
        (req as express.Request).rawBody = buf;
      },
    }),
  );
  opts.routes(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, health };
}
