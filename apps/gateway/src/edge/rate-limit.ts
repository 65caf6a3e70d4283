/**
 * Token buckets in memory, one map per limit, per worker process. With N workers or replicas a
 * client can get up to N× the configured rate (ADR 0052); the limits are a guard against floods and
 * scripted abuse, not an exact quota. Idle buckets are swept so the maps stay small.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    /** tokens added per second */
    private readonly ratePerSec: number,
    /** bucket size (largest burst) */
    private readonly burst: number,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  get enabled(): boolean {
    return this.ratePerSec > 0;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait before one is available. */
  take(key: string, now = Date.now()): number {
    if (this.ratePerSec <= 0) return 0;
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSec);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSec));
  }

  get size(): number {
    return this.buckets.size;
  }

  sweep(now = Date.now()): void {
    const fullAfterMs = (this.burst / this.ratePerSec) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(k);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
