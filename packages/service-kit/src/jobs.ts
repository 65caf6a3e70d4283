import type { Logger } from "./logger";

/** One periodic job of a service: what it is called, how often it runs and what one run does. */
export interface JobSpec {
  /** shown in logs (`job`) and used by `JobRunner.kick` */
  name: string;
  /** pause between the end of one run and the start of the next (runs never overlap) */
  intervalMs: number;
  /** first run after this; default the interval or 1 s, whichever is shorter (0: at start) */
  initialDelayMs?: number;
  /**
   * Every pause is the interval ± this fraction of it, at random (default 0). Replicas started
   * together then stop running their job in the same second.
   */
  jitter?: number;
  /**
   * One run. `signal` aborts when the job is stopping: a run that works through batches checks it
   * between batches and returns. A run that throws is logged and the job runs again next interval.
   * Safety with N replicas is the run's business (rows claimed with SKIP LOCKED and a lease, or
   * conditional updates), never that only one replica runs the job.
   */
  run(signal: AbortSignal): Promise<unknown>;
}

/**
 * Runs one JobSpec on a timer: never two runs at once, a failing run logged and retried next
 * interval, `kick()` to run as soon as possible (after the run in progress, if any), `stop()`
 * waits for the run in progress. Timers are unref'd: a job never keeps the process alive.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;
  private kicked = false;
  private abort = new AbortController();

  constructor(
    readonly spec: JobSpec,
    private readonly logger: Logger,
  ) {
    if (!(spec.intervalMs > 0)) throw new Error(`job ${spec.name}: intervalMs must be positive`);
    if (spec.jitter !== undefined && !(spec.jitter >= 0 && spec.jitter < 1)) throw new Error(`job ${spec.name}: jitter must be in [0, 1)`);
  }

  get name(): string {
    return this.spec.name;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.schedule(this.spec.initialDelayMs ?? Math.min(this.spec.intervalMs, 1000));
  }

  /** Run now, or right after the run in progress (something to do has just arrived). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.kicked = true;
    else this.schedule(0);
  }

  /** One run, outside the timer; errors are logged, not thrown. Resolves to what the run returned. */
  async runOnce(): Promise<unknown> {
    try {
      return await this.spec.run(this.abort.signal);
    } catch (err) {
      this.logger.error({ err, job: this.spec.name }, "job failed; will retry");
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const run = this.runOnce();
      this.running = run;
      void run.finally(() => {
        if (this.running === run) this.running = undefined;
        const next = this.kicked ? 0 : this.pause();
        this.kicked = false;
        this.schedule(next);
      });
    }, ms);
    this.timer.unref();
  }

  private pause(): number {
    return jitteredPause(this.spec.intervalMs, this.spec.jitter ?? 0);
  }
}

/** The pause before a job's next run: the interval, moved by up to ± `jitter` of itself at random. */
export function jitteredPause(intervalMs: number, jitter: number, random: () => number = Math.random): number {
  return jitter > 0 ? Math.round(intervalMs * (1 + jitter * (2 * random() - 1))) : intervalMs;
}

/** A service's periodic jobs, started and stopped together by the service skeleton. */
export class JobRunner {
  private readonly jobs = new Map<string, PeriodicJob>();
  private started = false;

  constructor(private readonly logger: Logger) {}

  add(...specs: JobSpec[]): this {
    for (const spec of specs) {
      if (this.jobs.has(spec.name)) throw new Error(`job ${spec.name} is already registered`);
      const job = new PeriodicJob(spec, this.logger);
      this.jobs.set(spec.name, job);
      if (this.started) job.start();
    }
    return this;
  }

  get(name: string): PeriodicJob {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    return job;
  }

  /** Run `name` as soon as possible; a no-op before start, after stop and for an unknown name. */
  kick(name: string): void {
    this.jobs.get(name)?.kick();
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  start(): void {
    this.started = true;
    for (const job of this.jobs.values()) job.start();
  }

  /** Stops every job and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.jobs.values()].map((j) => j.stop()));
  }
}
