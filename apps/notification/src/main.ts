import "./tracing";
import { loadNotificationConfig } from "./config";
import { startNotificationService } from "./service";

async function main() {
  const config = loadNotificationConfig();
  const service = await startNotificationService(config);
  const onSignal = (signal: NodeJS.Signals) => {
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    service.stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

main().catch((err) => {
  process.stderr.write(`notification failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
