import http from "node:http";

/**
 * Many open live-update streams (GET /api/notifications/stream), as a crowd of browser tabs
 * holds them: each is a raw HTTP response read until the crowd is closed. A stream that ends
 * before then, or never opens, is counted, never retried.
 */
export interface SseCrowdResult {
  target: number;
  opened: number;
  /** non-200 answers and connection errors while opening, by status or error code */
  refused: Record<string, number>;
  /** streams that were open and ended before the crowd was closed */
  droppedEarly: number;
  /** bytes of events and heartbeats received over all streams */
  bytes: number;
}

export class SseCrowd {
  private readonly reqs: http.ClientRequest[] = [];
  private closing = false;
  private readonly result: SseCrowdResult;

  constructor(target: number) {
    this.result = { target, opened: 0, refused: {}, droppedEarly: 0, bytes: 0 };
  }

  private count(key: string): void {
    this.result.refused[key] = (this.result.refused[key] ?? 0) + 1;
  }

  /** Opens one stream; resolves once it is open, refused, or unanswered after `timeoutMs`. */
  open(baseUrl: string, token: string, timeoutMs = 10_000): Promise<void> {
    const u = new URL("/api/notifications/stream", baseUrl);
    return new Promise((resolve) => {
      const req = http.get({
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        agent: false,
        headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      });
      this.reqs.push(req);
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        this.count("no answer");
        req.destroy();
        resolve();
      }, timeoutMs);
      req.once("response", (res) => {
        answered = true;
        clearTimeout(timer);
        if (res.statusCode !== 200) {
          this.count(String(res.statusCode));
          res.resume();
          return resolve();
        }
        this.result.opened++;
        res.on("data", (b: Buffer) => (this.result.bytes += b.length));
        res.once("close", () => {
          if (!this.closing) this.result.droppedEarly++;
        });
        resolve();
      });
      req.once("error", (err: NodeJS.ErrnoException) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        if (!this.closing) this.count(err.code ?? "error");
        resolve();
      });
    });
  }

  get openNow(): number {
    return this.result.opened - this.result.droppedEarly;
  }

  close(): SseCrowdResult {
    this.closing = true;
    for (const r of this.reqs) r.destroy();
    return { ...this.result, refused: { ...this.result.refused } };
  }
}
