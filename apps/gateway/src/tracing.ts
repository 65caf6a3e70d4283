// the module alone, not the kit's index (that would load express before the instrumentations)
import { tuneHeap } from "@preprint/service-kit/runtime";
import { startTelemetry } from "@preprint/telemetry";

// old-generation growth bounded (HEAP_GROWING_PERCENT, default 20): docs/decisions/0122
tuneHeap();

// Default sampling (no OTEL_TRACES_SAMPLER): parent-based; as a root, every write and 10 % of reads.
// The gateway is where most traces start and reads are most of its traffic; why: docs/decisions/0120.
// Its node:http client calls are the proxied ones, traced by the gateway itself (telemetry/spans.ts);
// health probes use fetch (undici instrumentation): instrumentation-http's outgoing wrapper is off.
startTelemetry({ serviceName: "gateway", readSampleRatio: 0.1, outgoingHttp: false });
