import { createHmac, randomUUID } from "node:crypto";
import type { Logger } from "@preprint/service-kit";
import type { WebhookIntent } from "../domain/payments";
import type { FaultRegistry } from "../faults";

/**
 * PortOne V2 webhooks (version 2024-04-25): JSON `{type, timestamp, data}` POSTed to the store's
 * webhook URL (or the request's noticeUrls), signed per Standard Webhooks. Non-2xx answers are
 * retried on PortOne's schedule, 0 → 1 → 4 → 16 → 64 → 256 minutes (six executions), which
 * SANDBOX_WEBHOOK_TIME_SCALE compresses for tests. The id, body and `timestamp` stay the same
 * across retries; `webhook-timestamp` and the signature are made fresh for each attempt.
 */

export const RETRY_DELAYS_MINUTES = [0, 1, 4, 16, 64, 256] as const;
export const MAX_EXECUTIONS = RETRY_DELAYS_MINUTES.length;

export type DeliveryStatus = "PENDING" | "SUCCEEDED" | "FAILED" | "DROPPED";

export interface Attempt {
  execution: number;
  /** true for the extra copies a duplicate fault sends */
  duplicate: boolean;
  webhookId: string;
  startedAt: string;
  durationMs: number;
  statusCode?: number;
  error?: string;
  responseBody?: string;
}

export interface Delivery {
  /** the Standard Webhooks message id (`webhook-id`) */
  id: string;
  url: string;
  type: string;
  paymentId: string;
  transactionId: string;
  cancellationId?: string;
  paymentStatus?: string;
  body: string;
  status: DeliveryStatus;
  executions: number;
  maxExecutions: number;
  attempts: Attempt[];
  faults: string[];
  triggeredAt: string;
  nextAttemptAt?: string;
}

export interface DispatcherOptions {
  /** whsec_<base64> */
  secret: string;
  defaultUrl: string;
  timeScale: number;
  timeoutMs: number;
  faults: FaultRegistry;
  logger: Logger;
  /** the payment's status at the time of the event, recorded as paymentStatus in payment.webhooks */
  paymentStatusOf?: (paymentId: string) => string | undefined;
}

/** Standard Webhooks signature: base64(HMAC-SHA256(base64decode(secret sans whsec_), "id.ts.body")). */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

export class WebhookDispatcher {
  private readonly deliveries: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<AbortController>();
  private stopped = false;
  /** deliveries forgotten by reset(); their retries must not run */
  private readonly cancelled = new WeakSet<Delivery>();

  constructor(private readonly opts: DispatcherOptions) {}

  /** Queues one message per URL; returns the deliveries (already in the log). */
  emit(intent: WebhookIntent): Delivery[] {
    const body = JSON.stringify({
      type: intent.type,
      timestamp: new Date().toISOString(),
      data: {
        paymentId: intent.paymentId,
        storeId: intent.storeId,
        transactionId: intent.transactionId,
        ...(intent.cancellationId ? { cancellationId: intent.cancellationId } : {}),
      },
    });
    const urls = intent.urls && intent.urls.length > 0 ? intent.urls : [this.opts.defaultUrl];
    return urls.map((url) => {
      const faults = this.opts.faults.takeWebhookFaults(intent.type);
      const d: Delivery = {
        id: `whmsg_${randomUUID().replace(/-/g, "")}`,
        url,
        type: intent.type,
        paymentId: intent.paymentId,
        transactionId: intent.transactionId,
        cancellationId: intent.cancellationId,
        paymentStatus: this.opts.paymentStatusOf?.(intent.paymentId),
        body,
        status: "PENDING",
        executions: 0,
        maxExecutions: MAX_EXECUTIONS,
        attempts: [],
        faults: faults.map((f) => f.kind),
        triggeredAt: new Date().toISOString(),
      };
      this.deliveries.push(d);
      if (faults.some((f) => f.kind === "drop")) {
        d.status = "DROPPED";
        this.opts.logger.info({ webhook_id: d.id, type: d.type, payment_id: d.paymentId }, "webhook dropped (fault)");
        return d;
      }
      const extraDelay = faults.reduce((ms, f) => (f.kind === "delay" ? ms + f.delayMs : ms), 0);
      const duplicates = faults.flatMap((f) => (f.kind === "duplicate" ? Array.from({ length: f.copies }, () => f.newId) : []));
      this.schedule(d, extraDelay, duplicates);
      return d;
    });
  }

  private schedule(d: Delivery, delayMs: number, duplicates: boolean[] = []): void {
    if (this.stopped || this.cancelled.has(d)) return;
    d.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.execute(d, duplicates);
    }, delayMs);
    this.timers.add(timer);
  }

  private async execute(d: Delivery, duplicates: boolean[]): Promise<void> {
    if (this.cancelled.has(d)) return;
    d.executions += 1;
    d.nextAttemptAt = undefined;
    const ok = await this.send(d, d.id, d.executions, false);
    // duplicates go out right after the first execution, whatever its result, as a flaky network would
    await Promise.all(
      duplicates.map((newId) => this.send(d, newId ? `whmsg_${randomUUID().replace(/-/g, "")}` : d.id, d.executions, true)),
    );
    if (ok) {
      d.status = "SUCCEEDED";
      return;
    }
    if (d.executions >= d.maxExecutions) {
      d.status = "FAILED";
      this.opts.logger.warn({ webhook_id: d.id, type: d.type, payment_id: d.paymentId }, "webhook gave up after the last retry");
      return;
    }
    const minutes = RETRY_DELAYS_MINUTES[d.executions] ?? 0;
    this.schedule(d, Math.round(minutes * 60_000 * this.opts.timeScale));
  }

  private async send(d: Delivery, webhookId: string, execution: number, duplicate: boolean): Promise<boolean> {
    if (this.stopped) return false;
    const ts = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const attempt: Attempt = { execution, duplicate, webhookId, startedAt: new Date(started).toISOString(), durationMs: 0 };
    d.attempts.push(attempt);
    const ac = new AbortController();
    this.inflight.add(ac);
    const timer = setTimeout(() => ac.abort(), this.opts.timeoutMs);
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "portone-sandbox-webhook",
          "webhook-id": webhookId,
          "webhook-timestamp": String(ts),
          "webhook-signature": signWebhook(this.opts.secret, webhookId, ts, d.body),
        },
        body: d.body,
        signal: ac.signal,
      });
      attempt.statusCode = res.status;
      attempt.responseBody = (await res.text()).slice(0, 2000);
      return res.ok;
    } catch (err) {
      attempt.error = ac.signal.aborted ? `timed out after ${this.opts.timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ac);
      attempt.durationMs = Date.now() - started;
      this.opts.logger.info(
        {
          webhook_id: webhookId,
          type: d.type,
          payment_id: d.paymentId,
          execution,
          duplicate,
          status: attempt.statusCode,
          error: attempt.error,
        },
        "webhook attempt",
      );
    }
  }

  list(filter: { paymentId?: string; type?: string } = {}): Delivery[] {
    return this.deliveries.filter(
      (d) => (!filter.paymentId || d.paymentId === filter.paymentId) && (!filter.type || d.type === filter.type),
    );
  }

  /** `payment.webhooks` in the REST Payment object (schema `PaymentWebhook`). */
  historyOf(paymentId: string): Record<string, unknown>[] {
    return this.list({ paymentId })
      .filter((d) => d.status !== "DROPPED")
      .map((d) => {
        const last = d.attempts.filter((a) => !a.duplicate).at(-1);
        const status =
          d.status === "SUCCEEDED"
            ? "SUCCEEDED"
            : last?.statusCode
              ? "FAILED_NOT_OK_RESPONSE"
              : last?.error
                ? "FAILED_UNEXPECTED_ERROR"
                : undefined;
        return {
          id: d.id,
          url: d.url,
          ...(status ? { status } : {}),
          ...(d.paymentStatus ? { paymentStatus: d.paymentStatus } : {}),
          isAsync: false,
          currentExecutionCount: d.executions,
          maxExecutionCount: d.maxExecutions,
          request: { body: d.body, ...(last ? { requestedAt: last.startedAt } : {}) },
          ...(last?.statusCode
            ? {
                response: {
                  code: String(last.statusCode),
                  header: "",
                  body: last.responseBody ?? "",
                  respondedAt: new Date(Date.parse(last.startedAt) + last.durationMs).toISOString(),
                },
              }
            : {}),
          triggeredAt: d.triggeredAt,
        };
      });
  }

  /** Forgets every message and cancels its pending retries (POST /__sandbox/reset). */
  reset(): void {
    for (const d of this.deliveries) this.cancelled.add(d);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ac of this.inflight) ac.abort();
    this.deliveries.length = 0;
  }

  /** Cancels pending retries and in-flight requests (graceful shutdown, test teardown). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ac of this.inflight) ac.abort();
  }
}
