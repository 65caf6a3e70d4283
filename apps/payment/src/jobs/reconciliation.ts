import type { Logger } from "@preprint/service-kit";
import type { ReconcileStats } from "../use-cases/reconcile-payments";

/**
 * Runs the reconciliation (src/use-cases/reconcile-payments.ts) every `intervalMs`, never
 * overlapping itself; a failed run is logged and the next one comes an interval later.
 */
export class ReconciliationJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    readonly runOnce: () => Promise<ReconcileStats>,
    private readonly o: { intervalMs: number; logger: Logger },
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((err) => this.o.logger.error({ err }, "reconciliation run failed"))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.o.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
