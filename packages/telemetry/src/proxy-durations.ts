import { ValueType, type Attributes, type HrTime } from "@opentelemetry/api";
import { hrTime } from "@opentelemetry/core";
import { emptyResource } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type HistogramMetricData,
  type MetricProducer,
} from "@opentelemetry/sdk-metrics";

/** The SDK's default HTTP duration buckets (seconds), as instrumentation-http uses them. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** methods (node's parser knows ~40), statuses and routes are bounded; the cap is a safety net */
const MAX_SERIES = 2000;

/** One (method, status, route) series: a cumulative explicit-bucket histogram. */
class Series {
  readonly counts: number[];
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly startTime: HrTime = hrTime();
  constructor(
    readonly attributes: Attributes,
    buckets: number,
  ) {
    this.counts = new Array<number>(buckets + 1).fill(0);
  }
}

/**
 * `http.server.request.duration` of the proxied requests, aggregated here and handed to the
 * metric readers as a MetricProducer (the SDK's extension point for metrics it does not aggregate
 * itself). The SDK's own Histogram.record() sorts and JSON-encodes the attribute set on every call
 * to find its series: ~1.1 µs per request in a tight loop and ~5 % of the gateway's CPU per proxied
 * request under load (docs/benchmarks.md). Here a series is found by three Map lookups on strings
 * and a number that are already hashed (route and method strings are reused) and recorded
 * without allocating.
 *
 * What the readers get is what the SDK would have made of the same records: the same name, unit,
 * description, buckets (upper bounds inclusive), sum, count, min and max, one data point per
 * attribute set, under the scope `@preprint/telemetry/proxy`. Always cumulative, which is what
 * Prometheus and the OTLP exporter's default ask for (a reader set to delta still gets cumulative
 * points, marked as such).
 */
export class ProxyDurations implements MetricProducer {
  private readonly byRoute = new Map<string, Map<number, Map<string, Series>>>();
  private size = 0;

  constructor(private readonly boundaries: readonly number[] = DURATION_BUCKETS) {}

  record(seconds: number, method: string, status: number, route: string): void {
    if (!(seconds >= 0)) return; // NaN or a clock step backwards: not a duration
    let byStatus = this.byRoute.get(route);
    if (byStatus === undefined) this.byRoute.set(route, (byStatus = new Map()));
    let byMethod = byStatus.get(status);
    if (byMethod === undefined) byStatus.set(status, (byMethod = new Map()));
    let s = byMethod.get(method);
    if (s === undefined) {
      if (this.size >= MAX_SERIES) return;
      this.size++;
      s = new Series(
        { "http.request.method": method, "http.response.status_code": status, "http.route": route, "url.scheme": "http" },
        this.boundaries.length,
      );
      byMethod.set(method, s);
    }
    s.count++;
    s.sum += seconds;
    if (seconds < s.min) s.min = seconds;
    if (seconds > s.max) s.max = seconds;
    // the first bucket whose upper bound is ≥ the value (the SDK's binarySearchUB); past the last: overflow
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && b[i]! < seconds) i++;
    s.counts[i]!++;
  }

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const dataPoints: DataPoint<Histogram>[] = [];
    for (const byStatus of this.byRoute.values()) {
      for (const byMethod of byStatus.values()) {
        for (const s of byMethod.values()) {
          dataPoints.push({
            attributes: s.attributes,
            startTime: s.startTime,
            endTime,
            value: {
              buckets: { boundaries: [...this.boundaries], counts: [...s.counts] },
              count: s.count,
              sum: s.sum,
              min: s.min,
              max: s.max,
            },
          });
        }
      }
    }
    const metrics: HistogramMetricData[] =
      dataPoints.length === 0
        ? []
        : [
            {
              descriptor: {
                name: "http.server.request.duration",
                description: "Duration of HTTP server requests.",
                unit: "s",
                valueType: ValueType.DOUBLE,
              },
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPointType: DataPointType.HISTOGRAM,
              dataPoints,
            },
          ];
    // the reader keeps its SDK producer's resource and takes only the scope metrics from here
    return {
      resourceMetrics: {
        resource: emptyResource(),
        scopeMetrics: metrics.length === 0 ? [] : [{ scope: { name: "@preprint/telemetry/proxy" }, metrics }],
      },
      errors: [],
    };
  }
}

/** The process's one instance: startTelemetry hands it to every metric reader. */
export const proxyDurations = new ProxyDurations();
