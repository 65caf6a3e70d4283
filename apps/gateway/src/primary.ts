import cluster from "node:cluster";
// the logger module only: the primary stays small (no express, no OpenTelemetry SDK)
import { createLogger } from "@preprint/service-kit/logger";
import type { GatewayConfig } from "./config";

/** Forks GATEWAY_WORKERS workers, re-forks one that dies (with back-off), stops them on a signal (ADR 0051). */
export function runPrimary(config: GatewayConfig): void {
  const logger = createLogger("gateway");
  let stopping = false;
  const restarts: number[] = [];
  const fork = () => cluster.fork();
  for (let i = 0; i < config.GATEWAY_WORKERS; i++) fork();
  logger.info({ workers: config.GATEWAY_WORKERS }, "gateway primary started");
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    logger.error({ pid: worker.process.pid, code, signal }, "gateway worker died");
    // a worker that keeps crashing at start-up (bad config, DB gone) must not fork-bomb the host
    if (restarts.length > config.GATEWAY_WORKERS * 5) {
      logger.fatal("gateway workers keep crashing; giving up");
      process.exit(1);
    }
    setTimeout(fork, Math.min(5000, 100 * restarts.length));
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "gateway primary stopping workers");
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    const timer = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 2000);
    timer.unref();
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
