import type { IncomingMessage } from "node:http";
import { metrics } from "@opentelemetry/api";
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type HistogramMetricData } from "@opentelemetry/sdk-metrics";
import { startProxySpans } from "../src/proxy";
import { proxyDurations } from "../src/proxy-durations";

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers: [proxyDurations] });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const reader = new TestReader();
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

async function durations(): Promise<{ count: number; sum: number }> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === "http.server.request.duration") as HistogramMetricData | undefined;
  expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
  const point = metric!.dataPoints[0]!;
  return { count: point.value.count, sum: point.value.sum };
}

describe("proxy spans", () => {
  it("when a request's spans are ended later with the response's end time, then the duration is up to that time, not the later one", async () => {
    const req = { method: "GET", headers: {} } as IncomingMessage;
    const spans = startProxySpans(req, { route: "/api/stores", path: "/api/stores" });
    const endedAt = performance.now();
    await new Promise((r) => setTimeout(r, 60));
    spans.end(200, endedAt);
    const { count, sum } = await durations();
    expect(count).toBe(1);
    expect(sum).toBeLessThan(0.03);
  });
});
