// The heap bound lives with the telemetry start-up (both run before anything else loads); the kit
// re-exports it so `@preprint/service-kit/dist/runtime` keeps working.
export { tuneHeap, DEFAULT_HEAP_GROWING_PERCENT } from "@preprint/telemetry/dist/runtime";
