import { metrics } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { DURATION_BUCKETS, ProxyDurations } from "../src/proxy-durations";

class TestReader extends MetricReader {
  constructor(producers: ProxyDurations[] = []) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers: producers });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function histogram(rm: ResourceMetrics, scope: string): HistogramMetricData | undefined {
  return rm.scopeMetrics.find((s) => s.scope.name === scope)?.metrics.find((m) => m.descriptor.name === "http.server.request.duration") as
    HistogramMetricData | undefined;
}

/** the same values, through the SDK's own histogram (the instrument ProxyDurations stands in for) and through ProxyDurations */
async function bothWays(values: [number, string, number, string][]) {
  const sdkReader = new TestReader();
  const provider = new MeterProvider({ readers: [sdkReader] });
  const h = provider
    .getMeter("sdk")
    .createHistogram("http.server.request.duration", { unit: "s", advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
  const ours = new ProxyDurations();
  const ourReader = new TestReader([ours]);
  new MeterProvider({ readers: [ourReader] });
  for (const [seconds, method, status, route] of values) {
    h.record(seconds, { "http.request.method": method, "http.response.status_code": status, "http.route": route, "url.scheme": "http" });
    ours.record(seconds, method, status, route);
  }
  const sdk = histogram((await sdkReader.collect()).resourceMetrics, "sdk")!;
  const mine = histogram((await ourReader.collect()).resourceMetrics, "@preprint/telemetry/proxy")!;
  await provider.shutdown();
  return { sdk, mine };
}

const points = (m: HistogramMetricData) =>
  m.dataPoints
    .map((p) => ({ attributes: p.attributes, value: p.value }))
    .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));

describe("proxy durations", () => {
  it("when the same durations are recorded, then the readers get what the SDK's own histogram gives: buckets (edges included), sum, count, min, max per attribute set", async () => {
    const values: [number, string, number, string][] = [
      [0.001, "GET", 200, "/api/stores"],
      [0.005, "GET", 200, "/api/stores"], // on an edge: counted in the bucket it closes
      [0.0050001, "GET", 200, "/api/stores"],
      [0.3, "GET", 200, "/api/stores"],
      [10, "GET", 200, "/api/stores"],
      [12.5, "GET", 200, "/api/stores"], // past the last edge
      [0.02, "POST", 201, "/api/reservations"],
      [0.02, "GET", 401, "/api/reservations"],
      [0, "GET", 200, "/api/reservations"],
    ];
    const { sdk, mine } = await bothWays(values);
    expect(mine.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(mine.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(mine.descriptor).toMatchObject({
      name: sdk.descriptor.name,
      unit: "s",
      valueType: sdk.descriptor.valueType,
      description: "Duration of HTTP server requests.",
    });
    expect(points(mine)).toEqual(points(sdk));
    expect(points(mine)).toHaveLength(4);
  });

  it("when collected twice, then the counts are cumulative and the start time stays", async () => {
    const d = new ProxyDurations();
    const reader = new TestReader([d]);
    new MeterProvider({ readers: [reader] });
    d.record(0.01, "GET", 200, "/api/stores");
    const first = histogram((await reader.collect()).resourceMetrics, "@preprint/telemetry/proxy")!.dataPoints[0]!;
    d.record(0.02, "GET", 200, "/api/stores");
    const second = histogram((await reader.collect()).resourceMetrics, "@preprint/telemetry/proxy")!.dataPoints[0]!;
    expect(first.value.count).toBe(1);
    expect(second.value.count).toBe(2);
    expect(second.value.sum).toBeCloseTo(0.03, 10);
    expect(second.startTime).toEqual(first.startTime);
    // a collected point is a copy: recording later does not change what a reader already holds
    expect(first.value.buckets.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("when nothing was recorded, or a value is not a duration, then there is no data point", async () => {
    const d = new ProxyDurations();
    const reader = new TestReader([d]);
    new MeterProvider({ readers: [reader] });
    expect(histogram((await reader.collect()).resourceMetrics, "@preprint/telemetry/proxy")).toBeUndefined();
    d.record(Number.NaN, "GET", 200, "/api/stores");
    d.record(-0.001, "GET", 200, "/api/stores");
    expect(histogram((await reader.collect()).resourceMetrics, "@preprint/telemetry/proxy")).toBeUndefined();
  });
});

afterAll(() => metrics.disable());
