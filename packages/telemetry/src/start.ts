import { startTelemetry, type TelemetryOptions } from "./index";
import { tuneHeap } from "./runtime";

/**
 * The one start-up call of every process: bounds old-generation growth (HEAP_GROWING_PERCENT,
 * default 20: docs/decisions/0122), then starts OpenTelemetry for `serviceName`. Must run before
 * express, pg or amqplib are loaded, because the instrumentations patch them as they load: call it
 * from `main.ts` before anything that imports the service (`runMain` loads the service lazily for
 * exactly this reason). Import this module itself, `@preprint/telemetry/dist/start`: it loads the
 * SDK and nothing of the app.
 */
export function startServiceTelemetry(serviceName: string, opts: Omit<TelemetryOptions, "serviceName"> = {}): void {
  tuneHeap();
  startTelemetry({ ...opts, serviceName });
}
