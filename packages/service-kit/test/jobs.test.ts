import { createLogger, jitteredPause, JobRunner, PeriodicJob, retentionJob, type JobSpec } from "../src";

const logger = createLogger("jobs-test", "silent");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** polls until `pred` holds (timers are late on a busy machine: no test waits a fixed time for something to happen) */
async function until(pred: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${pred.toString()}`);
    await sleep(5);
  }
}

function spec(run: JobSpec["run"], o: Partial<JobSpec> = {}): JobSpec {
  return { name: "test", intervalMs: 50, initialDelayMs: 0, run, ...o };
}

describe("PeriodicJob", () => {
  it("when a run takes longer than the interval, then runs never overlap", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job = new PeriodicJob(
      spec(
        async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await sleep(80);
          active--;
          runs++;
        },
        { intervalMs: 10 },
      ),
      logger,
    );
    job.start();
    await until(() => runs >= 3);
    await job.stop();
    expect(maxActive).toBe(1);
  });

  it("when a run throws, then it is logged and the job runs again next interval", async () => {
    const errors: unknown[] = [];
    const log = { ...logger, error: (o: unknown) => errors.push(o) } as unknown as typeof logger;
    let runs = 0;
    const job = new PeriodicJob(
      spec(async () => {
        runs++;
        throw new Error("boom");
      }),
      log,
    );
    job.start();
    await until(() => runs >= 2);
    await job.stop();
    expect(errors[0]).toMatchObject({ job: "test" });
  });

  it("when kicked during a run, then the next run starts right after it instead of an interval later", async () => {
    const starts: number[] = [];
    let kickedDuring = false;
    const job: PeriodicJob = new PeriodicJob(
      spec(
        async () => {
          starts.push(Date.now());
          if (!kickedDuring) {
            kickedDuring = true;
            job.kick();
          }
          await sleep(20);
        },
        { intervalMs: 10_000 },
      ),
      logger,
    );
    job.start();
    await until(() => starts.length === 2);
    await sleep(50);
    await job.stop();
    // the next interval is 10 s away: a second run this soon is the kick's
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeLessThan(5000);
  });

  it("when kicked while idle, then it runs at once; before start and after stop a kick does nothing", async () => {
    let runs = 0;
    const job = new PeriodicJob(
      spec(async () => void runs++, { intervalMs: 10_000, initialDelayMs: 10_000 }),
      logger,
    );
    job.kick();
    await sleep(30);
    expect(runs).toBe(0);
    job.start();
    job.kick();
    await until(() => runs === 1);
    await job.stop();
    job.kick();
    await sleep(30);
    expect(runs).toBe(1);
  });

  it("when stopped during a run, then stop waits for that run and the run sees its signal aborted", async () => {
    let started = false;
    let finished = false;
    let aborted = false;
    const job = new PeriodicJob(
      spec(async (signal) => {
        started = true;
        await sleep(100);
        aborted = signal.aborted;
        finished = true;
      }),
      logger,
    );
    job.start();
    await until(() => started);
    await job.stop();
    expect(finished).toBe(true);
    expect(aborted).toBe(true);
  });

  it("when jitter is set, then pauses vary around the interval and none is shorter than its lower bound", async () => {
    const starts: number[] = [];
    const job = new PeriodicJob(
      spec(async () => void starts.push(Date.now()), { intervalMs: 40, jitter: 0.5 }),
      logger,
    );
    job.start();
    await until(() => starts.length >= 8);
    await job.stop();
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    // a timer never fires early, so no pause is shorter than interval − 50 %; late timers on a busy
    // machine make an upper bound (and "some pause below the interval") timing-dependent, so the
    // spread itself is checked on the pause function below
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(19);
    expect([0, 0.25, 0.5, 0.75, 0.9999].map((r) => jitteredPause(40, 0.5, () => r))).toEqual([20, 30, 40, 50, 60]);
    expect(jitteredPause(40, 0, () => 0)).toBe(40);
    const pauses = Array.from({ length: 200 }, () => jitteredPause(40, 0.5));
    expect(pauses.every((p) => p >= 20 && p <= 60)).toBe(true);
    expect(pauses.some((p) => p < 40) && pauses.some((p) => p > 40)).toBe(true);
    expect(
      () =>
        new PeriodicJob(
          spec(async () => undefined, { jitter: 1 }),
          logger,
        ),
    ).toThrow(/jitter/);
  });
});

describe("JobRunner", () => {
  it("when started, then every job runs; kick by name; a duplicate name is refused; stop waits for all", async () => {
    const runs: Record<string, number> = { a: 0, b: 0 };
    const runner = new JobRunner(logger).add(
      spec(async () => void runs.a!++, { name: "a", intervalMs: 10_000 }),
      spec(async () => void runs.b!++, { name: "b", intervalMs: 10_000, initialDelayMs: 10_000 }),
    );
    expect(() => runner.add(spec(async () => undefined, { name: "a" }))).toThrow(/already/);
    runner.start();
    await until(() => runs.a === 1);
    expect(runs.b).toBe(0);
    runner.kick("b");
    runner.kick("no-such-job");
    await until(() => runs.b === 1);
    expect(runs).toEqual({ a: 1, b: 1 });
    await runner.stop();
    expect(runner.names).toEqual(["a", "b"]);
  });
});

describe("retentionJob", () => {
  it("when one task fails, then the others still run and the run reports what each deleted", async () => {
    const job = new PeriodicJob(
      retentionJob({
        tasks: [
          { name: "broken", run: async () => Promise.reject(new Error("table missing")) },
          { name: "ok", run: async () => 3 },
        ],
        intervalMs: 1000,
        logger,
      }),
      logger,
    );
    expect(await job.runOnce()).toEqual({ ok: 3 });
  });
});
