import "./tracing";
import cluster from "node:cluster";
import { createLogger } from "@preprint/service-kit";
import { readConfig } from "./config";
import { runWorker } from "./worker";

/**
 * GATEWAY_WORKERS=1 (default): one process. N > 1: a node:cluster primary forks N workers that share
 * the port (the primary accepts and hands connections round-robin) and restarts a worker that dies.
 * Each worker has its own upstream agents, token cache, rate-limit buckets and DB pool (ADR 0051).
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger("gateway");
  if (config.GATEWAY_WORKERS <= 1 || !cluster.isPrimary) {
    await runWorker(config, logger);
    return;
  }
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

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
