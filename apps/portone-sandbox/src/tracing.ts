import { startTelemetry } from "@preprint/telemetry";

startTelemetry({ serviceName: "portone-sandbox" });
