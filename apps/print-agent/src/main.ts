import { PrintAgent } from "./agent/agent";
import { loadConfig } from "./config";
import { createLogger } from "./log";

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const agent = new PrintAgent(config, log);
  log.info("print agent configured", { cloudUrl: config.cloudUrl, printerUri: config.printerUri, stateDir: config.stateDir });
  agent.start();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

try {
  main();
} catch (err) {
  process.stderr.write(`print-agent failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
