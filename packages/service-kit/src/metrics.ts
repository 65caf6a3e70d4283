import { metrics, type Meter } from "@opentelemetry/api";
import express, { type Router } from "express";
import { prometheusHandler } from "@preprint/telemetry";

/**
 * Domain metrics go through the OpenTelemetry metrics API (one system for HTTP, messaging and
 * domain instruments). They are no-ops until the app's telemetry bootstrap registers a meter
 * provider, then they are scraped at GET /metrics (Prometheus text) and pushed over OTLP when
 * OTEL_METRICS_EXPORTER=otlp. HTTP rate/errors/duration per route come from the HTTP
 * instrumentation (`http.server.request.duration` with `http.route`).
 */
export function meter(name = "preprint"): Meter {
  return metrics.getMeter(name);
}

export function metricsRouter(): Router {
  const router = express.Router();
  router.get("/metrics", (req, res) => {
    const handler = prometheusHandler();
    if (!handler) {
      res.status(503).type("text/plain").send("telemetry not started\n");
      return;
    }
    handler(req, res);
  });
  return router;
}
