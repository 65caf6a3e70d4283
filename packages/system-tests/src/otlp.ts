// The OTLP test receiver lives with the telemetry package (the services' observability tests use it too).
export { OtlpReceiver, SpanKind, type ReceivedSpan } from "@preprint/telemetry/testing";
