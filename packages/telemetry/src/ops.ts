import { context, metrics, trace, type Attributes, type ObservableResult } from "@opentelemetry/api";
import { getRPCMetadata, RPCType } from "@opentelemetry/core";

// Operational helpers shared by the services: domain ids on spans, outbox and DLQ gauges.
// Structural types only (no pg/amqplib dependency here): each service passes its own pool and
// messaging connection.

/**
 * The only domain attributes the services put on spans: opaque ids an SRE can search Jaeger by.
 * There is deliberately no free-form variant, so a name, e-mail, phone, token or card number
 * cannot end up on a span through this helper.
 */
export interface DomainIds {
  reservationId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  storeId?: string | null;
  /** the customer's account id (opaque ULID/UUID, not personal data by itself) */
  customerId?: string | null;
}

export const DOMAIN_ATTRIBUTES: Record<keyof DomainIds, string> = {
  reservationId: "preprint.reservation.id",
  paymentId: "preprint.payment.id",
  refundId: "preprint.refund.id",
  storeId: "preprint.store.id",
  customerId: "preprint.customer.id",
};

const ID_SHAPE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The span attributes for domain ids; values that do not look like ids are skipped. */
export function domainAttributes(ids: DomainIds): Attributes {
  const attrs: Attributes = {};
  for (const [key, attr] of Object.entries(DOMAIN_ATTRIBUTES) as [keyof DomainIds, string][]) {
    const v = ids[key];
    if (typeof v === "string" && ID_SHAPE.test(v)) attrs[attr] = v;
  }
  return attrs;
}

/**
 * Puts the ids on the active span and, inside an HTTP request, also on the request's SERVER span
 * (the one Jaeger lists as the trace's root for that service), so a tag search such as
 * `preprint.reservation.id=rsv_…` finds the request. Values that do not look like ids are skipped.
 */
export function annotateSpan(ids: DomainIds): void {
  const attrs = domainAttributes(ids);
  if (Object.keys(attrs).length === 0) return;
  const active = trace.getActiveSpan();
  if (active?.isRecording()) active.setAttributes(attrs);
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP && rpc.span !== active && rpc.span.isRecording()) rpc.span.setAttributes(attrs);
}

/** What `pg.Pool` offers (and any client with the same query shape). */
export interface SqlQueryable {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

/** What `@preprint/messaging`'s MessagingConnection offers. */
export interface QueueInspector {
  isReady(): boolean;
  createChannel(): Promise<InspectChannel>;
}
export interface InspectChannel {
  checkQueue(queue: string): Promise<{ messageCount: number }>;
  on(event: "error" | "close", listener: (...args: unknown[]) => void): unknown;
  close(): Promise<void>;
}

const meter = () => metrics.getMeter("@preprint/telemetry", "0.1.0");

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      t.unref();
    }),
  ]).finally(() => clearTimeout(t));
}

export interface Registration {
  /** removes the callbacks (tests; a service normally keeps them for its lifetime) */
  stop(): void;
}

/**
 * Gauges read from the service's own `outbox_events` table at every collection (scrape or OTLP
 * push): the age of the oldest PENDING row (`preprint.outbox.oldest_pending_age`, seconds, 0 when
 * none) and the FAILED rows that can never be published (`preprint.outbox.failed`). The pending
 * count itself is `preprint.outbox.backlog`, reported by the relay in @preprint/messaging.
 * Every replica reports the same numbers (one table per service): aggregate with max, not sum.
 */
export function observeOutbox(pool: SqlQueryable, opts: { timeoutMs?: number } = {}): Registration {
  const m = meter();
  const age = m.createObservableGauge("preprint.outbox.oldest_pending_age", {
    unit: "s",
    description: "age of the oldest outbox event not yet published (0 when none)",
  });
  const failed = m.createObservableGauge("preprint.outbox.failed", {
    description: "outbox events that can never be published (status FAILED); each needs a human",
  });
  const cb = async (r: { observe(o: typeof age | typeof failed, v: number): void }) => {
    try {
      const { rows } = await withTimeout(
        pool.query(
          `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::float8 AS age,
                  count(*) FILTER (WHERE status = 'FAILED')::int AS failed
             FROM outbox_events WHERE status IN ('PENDING', 'FAILED')`,
        ),
        opts.timeoutMs ?? 2_000,
      );
      const row = rows[0] as { age: number | string; failed: number | string } | undefined;
      r.observe(age, Math.max(0, Number(row?.age ?? 0)));
      r.observe(failed, Number(row?.failed ?? 0));
    } catch {
      // database down or slow: no new sample; the SDK keeps exporting the last value (readiness
      // reports the outage)
    }
  };
  m.addBatchObservableCallback(cb, [age, failed]);
  return { stop: () => m.removeBatchObservableCallback(cb, [age, failed]) };
}

/**
 * `preprint.messaging.dlq.depth{queue}`: messages parked in each given dead-letter queue, asked
 * of the broker (passive queue.declare) at every collection on a channel of its own, so a missing
 * queue (404 closes that channel) never disturbs the service's consuming or publishing channels.
 */
export function observeQueueDepth(conn: QueueInspector, queues: readonly string[], opts: { timeoutMs?: number } = {}): Registration {
  const m = meter();
  const gauge = m.createObservableGauge("preprint.messaging.dlq.depth", { description: "messages parked in the dead-letter queue" });
  let channel: Promise<InspectChannel> | undefined;
  const open = () => {
    const p = conn.createChannel().then((ch) => {
      const drop = () => {
        if (channel === p) channel = undefined;
      };
      ch.on("error", drop);
      ch.on("close", drop);
      return ch;
    });
    p.catch(() => {
      if (channel === p) channel = undefined;
    });
    return p;
  };
  const cb = async (r: ObservableResult) => {
    if (!conn.isReady()) return;
    for (const queue of queues) {
      try {
        channel ??= open();
        const ch = await withTimeout(channel, opts.timeoutMs ?? 2_000);
        const q = await withTimeout(ch.checkQueue(queue), opts.timeoutMs ?? 2_000);
        r.observe(q.messageCount, { queue });
      } catch {
        channel = undefined; // reopened at the next collection
      }
    }
  };
  gauge.addCallback(cb);
  return {
    stop: () => {
      gauge.removeCallback(cb);
      void channel?.then((ch) => ch.close()).catch(() => undefined);
      channel = undefined;
    },
  };
}

/** The ids an event's `data` carries (reservationId, paymentId, refundId, storeId or store.id); nothing else is read. */
export function idsFromEventData(data: unknown): DomainIds {
  if (!data || typeof data !== "object") return {};
  const d = data as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const store = d.store && typeof d.store === "object" ? str((d.store as Record<string, unknown>).id) : undefined;
  return { reservationId: str(d.reservationId), paymentId: str(d.paymentId), refundId: str(d.refundId), storeId: str(d.storeId) ?? store };
}

/**
 * Wraps a map of event handlers (`@preprint/messaging` EventHandlers) so that each puts the event's
 * domain ids on the consumer span before it runs.
 */
export function withDomainIds<H extends object>(handlers: H): H {
  const out: Record<string, unknown> = {};
  for (const [type, handler] of Object.entries(handlers)) {
    out[type] =
      typeof handler === "function"
        ? (event: { data?: unknown }, ...rest: unknown[]) => {
            annotateSpan(idsFromEventData(event?.data));
            return (handler as (...a: unknown[]) => unknown)(event, ...rest);
          }
        : handler;
  }
  return out as H;
}

export type PathRule = readonly [RegExp, keyof DomainIds];

/** The ids found in a request path by the given rules (first capture group of each match). */
export function idsFromPath(path: string, rules: readonly PathRule[]): DomainIds {
  const q = path.indexOf("?");
  const p = q === -1 ? path : path.slice(0, q);
  const ids: DomainIds = {};
  for (const [re, key] of rules) {
    const m = re.exec(p);
    if (m?.[1]) ids[key] = decodeURIComponentSafe(m[1]);
  }
  return ids;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Connect/express middleware: annotates the request's span with the ids in its path (for
 * example `[/^\/reservations\/([^/]+)/, "reservationId"]`). Mount it before the routes.
 */
export function domainIdsFromPath(rules: readonly PathRule[]) {
  return (req: { originalUrl?: string; url?: string }, _res: unknown, next: () => void): void => {
    annotateSpan(idsFromPath(req.originalUrl ?? req.url ?? "", rules));
    next();
  };
}
