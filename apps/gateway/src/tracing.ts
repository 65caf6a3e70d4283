import { startTelemetry } from "@preprint/telemetry";

// Default sampling (no OTEL_TRACES_SAMPLER): parent-based; as a root, every write and 10 % of reads.
// The gateway is where most traces start and reads are most of its traffic; why: docs/decisions/0120.
startTelemetry({ serviceName: "gateway", readSampleRatio: 0.1 });
