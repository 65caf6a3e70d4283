import { runMain } from "@preprint/service-kit/run-main";
import { startServiceTelemetry } from "@preprint/telemetry/start";

// Telemetry first: the service (express, pg, amqplib) is required only afterwards, inside `start`,
// through the CommonJS loader the instrumentations hook.
startServiceTelemetry("notification");
// eslint-disable-next-line @typescript-eslint/no-require-imports
runMain("notification", () => (require("./service") as typeof import("./service")).startFromEnv());
