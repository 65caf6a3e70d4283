import { startTelemetry } from "@preprint/telemetry";

// Must run before express, pg and amqplib are loaded: main.ts imports this first.
startTelemetry({ serviceName: "reservation" });
