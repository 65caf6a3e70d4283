import { setFlagsFromString } from "node:v8";

/**
 * Bounds how far V8 lets the old generation grow past what the last full GC kept alive. V8's own
 * factor goes up to 4× under a high allocation rate, which is how the services reached 300–450 MiB
 * RSS under load with 50–80 MiB live (docs/benchmarks.md, "Memory"); with HEAP_GROWING_PERCENT=p
 * the next full GC starts at (1 + p/100) × live. 0 = V8's default. Set at run time (the flag is read
 * at each GC), so it works however the app is started; docs/decisions/0122.
 *
 * Lives in its own module: `startServiceTelemetry` calls it before anything else loads.
 */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw === "" ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (Number.isInteger(percent) && percent > 0 && percent <= 400) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}

export const DEFAULT_HEAP_GROWING_PERCENT = 20;
