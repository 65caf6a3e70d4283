import { startTelemetry } from "@preprint/telemetry";

startTelemetry({ serviceName: "gateway" });
