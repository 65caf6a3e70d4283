import "./tracing";
import { createLogger, runService } from "@preprint/service-kit";
import { buildApp } from "./app";
import { assertSafeConfig, loadSandboxConfig } from "./config";

async function main(): Promise<void> {
  const config = loadSandboxConfig();
  try {
    assertSafeConfig(config);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger("portone-sandbox", config.LOG_LEVEL);
  const sandbox = buildApp(config, logger);
  logger.info(
    {
      mode: config.SANDBOX_MODE,
      test_hooks: config.SANDBOX_TEST_HOOKS,
      webhook_url: config.SANDBOX_WEBHOOK_URL,
      time_scale: config.SANDBOX_WEBHOOK_TIME_SCALE,
    },
    "portone-sandbox configured",
  );
  await runService({
    service: "portone-sandbox",
    app: sandbox.app,
    health: sandbox.health,
    logger,
    port: config.PORT,
    closeables: [{ name: "webhook dispatcher", close: () => sandbox.stop() }],
  });
}

main().catch((err) => {
  process.stderr.write(`portone-sandbox failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
