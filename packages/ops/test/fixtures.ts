import { randomBytes } from "node:crypto";
import path from "node:path";
import { Client } from "pg";
import { createTestDatabase, runMigrations, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/app-process";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
/** The service's real schema: its own migrations, applied by the offline runner like `pnpm migrate:deploy`. */
export function migrate(app: "reservation" | "payment" | "notification", url: string): Promise<string> {
  return runMigrations(path.join(REPO_ROOT, "apps", app), url);
}

export interface World {
  dbs: Record<"reservation" | "payment" | "notification", TestDatabase>;
  rsv: Client;
  pay: Client;
  ntf: Client;
  sandbox: AppProcess;
  secret: string;
  storeId: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Three migrated throwaway databases and a real PortOne sandbox process. */
export async function startWorld(): Promise<World> {
  const dbs = {
    reservation: await createTestDatabase("ops_rsv"),
    payment: await createTestDatabase("ops_pay"),
    notification: await createTestDatabase("ops_ntf"),
  };
  const clients: Client[] = [];
  let sandbox: AppProcess | undefined;
  const stop = async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await sandbox?.stop(3000);
    await Promise.all(Object.values(dbs).map((d) => d.drop()));
  };
  try {
    await Promise.all([
      migrate("reservation", dbs.reservation.url),
      migrate("payment", dbs.payment.url),
      migrate("notification", dbs.notification.url),
    ]);
    const secret = `ops-test-${randomBytes(16).toString("hex")}`;
    const storeId = `store-ops-${randomBytes(4).toString("hex")}`;
    sandbox = await startApp({
      name: "portone-sandbox",
      cwd: path.join(REPO_ROOT, "apps/portone-sandbox"),
      env: {
        NODE_ENV: "test",
        OTEL_TRACES_EXPORTER: "none",
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOGS_EXPORTER: "none",
        PORTONE_API_SECRET: secret,
        PORTONE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
        PORTONE_STORE_ID: storeId,
        // nobody listens: webhooks are dropped by a fault rule below anyway
        SANDBOX_WEBHOOK_URL: "http://127.0.0.1:9/webhooks",
      },
    });
    const faults = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ webhooks: [{ kind: "drop" }] }),
    });
    if (faults.status !== 201) throw new Error(`faults: ${faults.status}`);
    const connect = async (url: string) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      clients.push(c);
      return c;
    };
    const [rsv, pay, ntf] = await Promise.all([connect(dbs.reservation.url), connect(dbs.payment.url), connect(dbs.notification.url)]);
    const env = {
      RESERVATION_DATABASE_URL: dbs.reservation.url,
      PAYMENT_DATABASE_URL: dbs.payment.url,
      NOTIFICATION_DATABASE_URL: dbs.notification.url,
      PORTONE_API_BASE_URL: sandbox.url,
      PORTONE_API_SECRET: secret,
      PORTONE_STORE_ID: storeId,
    };
    await seedStore(rsv);
    return { dbs, rsv, pay, ntf, sandbox, secret, storeId, env, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

export const STORE = "sto_ops";
let seq = 0;
export const id = (prefix: string) => `${prefix}${(++seq).toString().padStart(4, "0")}${randomBytes(3).toString("hex")}`;

async function seedStore(c: Client) {
  await c.query(
    `INSERT INTO stores (id, name, address, time_zone, opening_hours, slot_minutes, capacity_pages, lead_minutes)
     VALUES ($1, '점검 매장', '서울', 'Asia/Seoul', '{}', 30, 100, 30)`,
    [STORE],
  );
  await c.query(`INSERT INTO price_tables (id, store_id, effective_from, minimum_charge) VALUES ('prt_ops', $1, now(), 0)`, [STORE]);
}

// ---- PortOne (the sandbox), through its public API and test hooks ----

async function call(w: World, method: string, p: string, body?: unknown, auth = true) {
  const res = await fetch(w.sandbox.url + p, {
    method,
    headers: { "content-type": "application/json", ...(auth ? { authorization: `PortOne ${w.secret}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A payment the customer paid at PortOne (pre-registered, then paid through the sandbox hook). */
export async function paidAtPortOne(w: World, paymentId: string, amount: number) {
  await call(w, "POST", `/payments/${paymentId}/pre-register`, { totalAmount: amount, currency: "KRW" });
  await call(w, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" }, false);
}

export async function declinedAtPortOne(w: World, paymentId: string, amount: number) {
  await call(w, "POST", `/payments/${paymentId}/pre-register`, { totalAmount: amount, currency: "KRW" });
  await call(w, "POST", `/__sandbox/payments/${paymentId}/pay`, { payMethod: "CARD", outcome: "FAILED" }, false);
}

export async function cancelAtPortOne(w: World, paymentId: string, amount: number) {
  await call(w, "POST", `/payments/${paymentId}/cancel`, { reason: "ops test", amount });
}

// ---- rows in the services' own tables ----

export async function slot(w: World, o: { capacity?: number; reserved?: number } = {}): Promise<string> {
  const sid = id("slt_");
  const startsAt = new Date(Date.now() + 86_400_000 + seq * 3_600_000);
  await w.rsv.query(`INSERT INTO slots (id, store_id, starts_at, ends_at, capacity, reserved) VALUES ($1, $2, $3, $4, $5, $6)`, [
    sid,
    STORE,
    startsAt,
    new Date(startsAt.getTime() + 1_800_000),
    o.capacity ?? 100,
    o.reserved ?? 0,
  ]);
  return sid;
}

export interface RsvInput {
  slotId: string;
  status: string;
  total: number;
  pages?: number;
  held?: boolean;
  paymentId?: string | null;
  paid?: number;
  refunded?: number;
  updatedAt?: Date;
}

/** Ages rows by default so they are outside any grace period. */
const OLD = () => new Date(Date.now() - 3_600_000);

export async function reservation(w: World, r: RsvInput): Promise<string> {
  const rid = id("rsv_");
  await w.rsv.query(
    `INSERT INTO reservations (id, customer_id, customer_name, customer_email, store_id, slot_id, status, pages, capacity_held,
       total_amount, price_table_id, expires_at, payment_id, paid_amount, refunded_amount, updated_at)
     VALUES ($1, 'usr_ops', '김점검', 'ops@preprint.test', $2, $3, $4, $5, $6, $7, 'prt_ops', now(), $8, $9, $10, $11)`,
    [
      rid,
      STORE,
      r.slotId,
      r.status,
      r.pages ?? 10,
      r.held ?? true,
      r.total,
      r.paymentId ?? null,
      r.paid ?? 0,
      r.refunded ?? 0,
      r.updatedAt ?? OLD(),
    ],
  );
  if (r.held ?? true) await w.rsv.query(`UPDATE slots SET reserved = reserved + $2 WHERE id = $1`, [r.slotId, r.pages ?? 10]);
  return rid;
}

export async function reservationRefund(
  w: World,
  r: { reservationId: string; paymentId: string; amount: number; kind?: string; status?: string },
) {
  await w.rsv.query(
    `INSERT INTO refunds (id, reservation_id, payment_id, amount, reason, kind, status, actor_type, created_at, settled_at)
     VALUES ($1, $2, $3, $4, 'ops test', $5, $6, 'CUSTOMER', $7, $7)`,
    [id("ref_"), r.reservationId, r.paymentId, r.amount, r.kind ?? "CANCELLATION", r.status ?? "COMPLETED", OLD()],
  );
}

export async function payment(
  w: World,
  p: { id?: string; reservationId: string; amount: number; status: string; refunded?: number; updatedAt?: Date },
): Promise<string> {
  const pid = p.id ?? id("pay");
  await w.pay.query(
    `INSERT INTO payments (id, reservation_id, customer_id, store_id, amount, currency, pay_method, channel_key, status, order_name,
       customer, store, refunded_amount, created_at, updated_at)
     VALUES ($1, $2, 'usr_ops', $3, $4, 'KRW', 'CARD', 'channel-key-smartro-card', $5, 'A4 흑백', '{}', '{}', $6, $7, $7)`,
    [pid, p.reservationId, STORE, p.amount, p.status, p.refunded ?? 0, p.updatedAt ?? OLD()],
  );
  return pid;
}

/** A refund in the payment database; `refundId` lets the reservation and notification rows share it. */
export async function paymentRefund(
  w: World,
  r: { refundId?: string; paymentId: string; reservationId: string; amount: number; status?: string },
): Promise<string> {
  const rid = r.refundId ?? id("ref_");
  await w.pay.query(
    `INSERT INTO refunds (id, payment_id, reservation_id, amount, reason, actor, status, requested_at, completed_at)
     VALUES ($1, $2, $3, $4, 'ops test', '{"type":"CUSTOMER"}', $5, $6, $6)`,
    [rid, r.paymentId, r.reservationId, r.amount, r.status ?? "SUCCEEDED", OLD()],
  );
  return rid;
}

export async function notification(w: World, n: { type: string; reservationId: string; refundId?: string }) {
  await w.ntf.query(
    `INSERT INTO notifications (id, audience, type, event_id, title, body, data, created_at) VALUES ($1, 'usr_ops', $2, $3, '제목', '본문', $4, $5)`,
    [
      id("ntf_"),
      n.type,
      id("evt_"),
      JSON.stringify({ reservationId: n.reservationId, ...(n.refundId ? { refundId: n.refundId } : {}) }),
      OLD(),
    ],
  );
}
