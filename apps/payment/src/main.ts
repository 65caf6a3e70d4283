import "./tracing";
import { ConfigError, createLogger } from "@preprint/service-kit";
import { loadPaymentConfig } from "./config";
import { createPaymentService } from "./service";

async function main() {
  const config = loadPaymentConfig();
  const logger = createLogger("payment");
  logger.info({ mode: config.PORTONE_MODE, portone: new URL(config.PORTONE_API_BASE_URL).origin }, "starting payment service");
  await createPaymentService(config, { logger });
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`payment: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
