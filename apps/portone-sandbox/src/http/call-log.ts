import type express from "express";

export interface LoggedCall {
  method: string;
  /** the REST path as called, e.g. /payments/pay123/pre-register */
  path: string;
  at: string;
}

/**
 * Remembers every REST call to /payments… so tests can count what the merchant's server spent
 * of its API quota (GET /__sandbox/calls). In memory, newest last, bounded.
 */
export class CallLog {
  private calls: LoggedCall[] = [];
  constructor(private readonly max = 10_000) {}

  readonly middleware: express.RequestHandler = (req, _res, next) => {
    this.calls.push({ method: req.method, path: req.originalUrl.split("?")[0]!, at: new Date().toISOString() });
    if (this.calls.length > this.max) this.calls.splice(0, this.calls.length - this.max);
    next();
  };

  /** calls whose path is `/payments/{paymentId}` or starts with `/payments/{paymentId}/` */
  list(paymentId?: string): LoggedCall[] {
    if (!paymentId) return [...this.calls];
    const base = `/payments/${encodeURIComponent(paymentId)}`;
    return this.calls.filter((c) => c.path === base || c.path.startsWith(`${base}/`));
  }

  reset(): void {
    this.calls = [];
  }
}
