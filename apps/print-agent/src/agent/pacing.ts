// Sleeping that a stop or new work can cut short, and retry delays that grow while a peer stays
// unreachable (so a café with its internet down is not hammered by its own agent).

export class Waker {
  private waiters = new Set<() => void>();
  private stopped = false;

  /** Resolves after `ms`, on `wake()`, or on `stop()`, whichever comes first. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

export class Backoff {
  private current: number;
  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.current = minMs;
  }
  /** The next delay (with ±20 % jitter), doubling up to the maximum. */
  next(): number {
    const d = this.current;
    this.current = Math.min(this.maxMs, this.current * 2);
    return Math.round(d * (0.8 + Math.random() * 0.4));
  }
  reset(): void {
    this.current = this.minMs;
  }
}
