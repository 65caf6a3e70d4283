// the module alone, not the kit's index (that would load express before the instrumentations)
import { tuneHeap } from "@preprint/service-kit/runtime";
import { startTelemetry } from "@preprint/telemetry";

// old-generation growth bounded (HEAP_GROWING_PERCENT, default 20): docs/decisions/0122
tuneHeap();

startTelemetry({ serviceName: "payment" });
