import cluster from "node:cluster";
import { readConfig } from "./config";

/**
 * GATEWAY_WORKERS (default: one per usable core, ADR 0051). With more than one, this process is a
 * node:cluster primary that forks the workers (they share the port; the primary accepts and hands
 * connections round-robin) and restarts one that dies. The primary loads neither telemetry nor the
 * app (~40 MiB instead of ~95); each worker — or the single process — loads telemetry first, then
 * the app, so the instrumentations see express, pg and http before anyone else requires them.
 */
async function main(): Promise<void> {
  const config = readConfig();
  // plain require (not import()): loaded only on the branch that needs it, in this order, through
  // the CommonJS loader that the OpenTelemetry instrumentations hook
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) {
    (require("./primary") as typeof import("./primary")).runPrimary(config);
    return;
  }
  // Default sampling (no OTEL_TRACES_SAMPLER): parent-based; as a root, every write and 10 % of reads.
  // The gateway is where most traces start and reads are most of its traffic; why: docs/decisions/0120.
  // Its node:http client calls are the proxied ones, traced by the gateway itself (telemetry/spans.ts);
  // health probes use fetch (undici instrumentation): instrumentation-http's outgoing wrapper is off.
  (require("@preprint/telemetry/start") as typeof import("@preprint/telemetry/start")).startServiceTelemetry("gateway", {
    readSampleRatio: 0.1,
    outgoingHttp: false,
  });
  const { createLogger } = require("@preprint/service-kit") as typeof import("@preprint/service-kit");
  const { runWorker } = require("./worker") as typeof import("./worker");
  /* eslint-enable @typescript-eslint/no-require-imports */
  await runWorker(config, createLogger("gateway"));
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
