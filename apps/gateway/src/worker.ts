import type { AddressInfo } from "node:net";
import type { Logger } from "@preprint/service-kit";
import type { GatewayConfig } from "./config";
import { createPrisma } from "./db/client";
import { createGateway } from "./gateway";

/** One gateway process: DB pool, server, signal handling for a graceful stop. */
export async function runWorker(config: GatewayConfig, logger: Logger): Promise<void> {
  const prisma = createPrisma(config.GATEWAY_DATABASE_URL);
  const gw = createGateway({ config, prisma, logger });
  await new Promise<void>((resolve, reject) => {
    gw.server.once("error", reject);
    gw.server.listen(config.PORT, config.HOST, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    gw.ops.once("error", reject);
    gw.ops.listen(config.OPS_PORT, config.OPS_HOST, () => resolve());
  });
  logger.info(
    { port: (gw.server.address() as AddressInfo).port, ops_port: (gw.ops.address() as AddressInfo).port, pid: process.pid },
    "gateway listening",
  );
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "gateway shutting down");
    const timer = setTimeout(() => {
      logger.error("graceful shutdown timed out; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    gw.stop()
      .then(() => prisma.$disconnect())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
