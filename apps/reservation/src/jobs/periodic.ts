import type { Logger } from "@preprint/service-kit";

/**
 * Runs `tick` every `intervalMs` (never overlapping itself). Safe with N replicas because each
 * tick claims its rows with conditional updates / SKIP LOCKED, not because only one runs.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(Math.min(this.intervalMs, 1000));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, ms);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      this.logger.error({ err, job: this.name }, "job failed; will retry");
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
