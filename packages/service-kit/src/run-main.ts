// Imported by main.ts before the service: only node and the config error, never express, pg or
// amqplib (they must load after telemetry started, so the instrumentations see them).
import { ConfigError } from "./config";

/** What `runMain` needs of a started service. */
export interface Stoppable {
  stop(reason?: string): Promise<void>;
  logger?: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

export interface RunMainOptions {
  /** a graceful stop that takes longer ends the process with exit code 1 (default 15 s) */
  shutdownTimeoutMs?: number;
}

/** Exit codes of a service process. */
export const EXIT = {
  /** stopped by a signal, gracefully */
  stopped: 0,
  /** could not start (bad configuration, database or port unavailable), or the stop failed or timed out */
  failed: 1,
} as const;

/**
 * The one process entry of every service. Starts it (`start` loads the service lazily, so
 * telemetry started before it is what loads express, pg and amqplib) and installs the one signal
 * path: SIGTERM or SIGINT → `stop(signal)` (once the start finished, if the signal came during it)
 * → exit 0; a stop that fails or outlasts the hard timeout → exit 1. A second signal while stopping is not caught (the default action ends the process at
 * once: an operator's second Ctrl-C). A failed start prints the reason (a configuration error
 * without a stack) and exits 1.
 *
 *   startServiceTelemetry("notification");
 *   runMain("notification", () => require("./service").startFromEnv());
 */
export function runMain(name: string, start: () => Promise<Stoppable>, opts: RunMainOptions = {}): void {
  // the handlers go in before the start begins: a signal during the start stops the service once
  // it is up (without them, the default action would end the process mid-start)
  let begin!: () => void;
  const started = new Promise<void>((resolve) => (begin = resolve)).then(start);
  installStopSignals(name, started, opts);
  begin();
  started.catch((err: unknown) => {
    const reason = err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${name} failed to start: ${reason}\n`);
    process.exit(EXIT.failed);
  });
}

/**
 * The signal path itself: on the first SIGTERM or SIGINT, stop `service` (once it is up) with the
 * signal as reason and exit 0, or exit 1 when the stop fails or outlasts the hard timeout. Used by
 * `runMain`, and by `runService` for a process that serves without the skeleton.
 */
export function installStopSignals(name: string, service: Promise<Stoppable>, opts: RunMainOptions = {}): void {
  const onSignal = (signal: NodeJS.Signals) => {
    const timer = setTimeout(() => {
      process.stderr.write(`${name}: graceful shutdown timed out; exiting\n`);
      process.exit(EXIT.failed);
    }, opts.shutdownTimeoutMs ?? 15_000);
    timer.unref();
    service
      .then((s) =>
        s.stop(signal).then(
          () => process.exit(EXIT.stopped),
          (err: unknown) => {
            s.logger?.error({ err }, "graceful shutdown failed");
            process.exit(EXIT.failed);
          },
        ),
      )
      // a failed start is reported (and exits) by whoever started it
      .catch(() => undefined);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
