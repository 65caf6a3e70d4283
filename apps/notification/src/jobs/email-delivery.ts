import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { wellFormed } from "../domain/text";
import { isPermanentMailError, type Mailer } from "../mail/mailer";
import { notificationMetrics } from "../telemetry/metrics";

export interface EmailDeliveryOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** a claimed row is ours until then; a crashed worker's rows are taken over after it */
  leaseMs?: number;
  batchSize?: number;
}

interface Claimed {
  id: string;
  attempts: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
}

/** Delay before the attempt after `attempts` failures: base·2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends queued e-mails outside any consumer transaction. Safe with N replicas: rows are claimed
 * with `FOR UPDATE SKIP LOCKED` and a lease, so two workers never take the same row, and a row
 * whose worker died is picked up again when its lease runs out (the resend carries the same
 * Message-ID). Failures back off exponentially; after `maxAttempts` the row is FAILED (given up).
 */
export class EmailDeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private kicked = false;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
    private readonly opts: EmailDeliveryOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.batchSize = opts.batchSize ?? 10;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Look now (something was queued). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.kicked = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.kicked ? 0 : this.opts.pollMs);
        this.kicked = false;
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      // drain what is due, batch by batch
      while (!this.stopped && (await this.runOnce()) === this.batchSize);
    } catch (err) {
      this.logger.error({ err }, "e-mail delivery pass failed");
    }
  }

  /** One batch: claim due rows, send each, record the outcome. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.prisma.$queryRaw<Claimed[]>`
      UPDATE deliveries d
         SET lease_until = now() + (${this.leaseMs}::int * interval '1 millisecond'),
             attempts = d.attempts + 1,
             updated_at = now()
       WHERE d.id IN (
         SELECT id FROM deliveries
          WHERE channel = 'EMAIL' AND status = 'PENDING' AND next_attempt_at <= now()
            AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at
          LIMIT ${this.batchSize}::int
          FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.attempts, d.to_address, d.subject, d.text_body, d.html_body`;
    for (const row of claimed) await this.deliver(row);
    return claimed.length;
  }

  private async deliver(row: Claimed): Promise<void> {
    try {
      const ref = await this.mailer.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body });
      await this.prisma.delivery.updateMany({
        where: { id: row.id, status: "PENDING" },
        data: { status: "SENT", sentAt: new Date(), providerRef: ref, leaseUntil: null, reason: null },
      });
      notificationMetrics.sent("email");
      this.logger.info({ deliveryId: row.id, attempts: row.attempts }, "e-mail sent");
    } catch (err) {
      // a server's reply is text from outside: stored, so made storable (no NUL, no half surrogate pair)
      const reason = wellFormed((err instanceof Error ? err.message : String(err)).slice(0, 1000));
      const permanent = isPermanentMailError(err);
      if (permanent || row.attempts >= this.opts.maxAttempts) {
        await this.prisma.delivery.updateMany({
          where: { id: row.id, status: "PENDING" },
          data: { status: "FAILED", reason: permanent ? `permanent: ${reason}` : reason, leaseUntil: null },
        });
        this.logger.error({ deliveryId: row.id, attempts: row.attempts, permanent, err: reason }, "e-mail given up");
        notificationMetrics.failed("email");
      } else {
        const delay = retryDelayMs(row.attempts, this.opts.retryBaseMs, this.opts.retryMaxMs);
        await this.prisma.delivery.updateMany({
          where: { id: row.id, status: "PENDING" },
          data: { reason, leaseUntil: null, nextAttemptAt: new Date(Date.now() + delay) },
        });
        this.logger.warn({ deliveryId: row.id, attempts: row.attempts, retryInMs: delay, err: reason }, "e-mail failed; will retry");
      }
    }
  }
}
