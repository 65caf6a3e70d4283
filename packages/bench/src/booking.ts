import { Pool } from "pg";
import type { Api } from "@preprint/system-tests";
import { median, percentile, round, sleep } from "./stats";

export interface Customer {
  token: string;
  uploadId: string;
}

export interface BookingWorld {
  api: Api;
  sandbox: Api;
  storeId: string;
  slotIds: string[];
  customers: Customer[];
  reservationDb: Pool;
  paymentDb: Pool;
}

export interface Booking {
  startedAt: number;
  reservationId?: string;
  paymentId?: string;
  error?: string;
}

let seq = 0;

/**
 * One booking as the browser and PortOne do it: reserve → checkout → pay on the sandbox's
 * checkout (its test hook = the pay button) → the sandbox's signed webhook → gateway → payment
 * (fetches the payment from PortOne, approves, outbox) → payment.approved → reservation CONFIRMED.
 * The browser's own /complete call is left out on purpose: the webhook alone must confirm.
 */
export async function book(w: BookingWorld): Promise<Booking> {
  const n = seq++;
  const c = w.customers[n % w.customers.length]!;
  const b: Booking = { startedAt: Date.now() };
  try {
    const slotId = w.slotIds[n % w.slotIds.length]!;
    const items = [{ uploadId: c.uploadId, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }];
    const r = await w.api.post("/api/reservations", { storeId: w.storeId, slotId, items }, { token: c.token });
    if (r.status !== 201) throw new Error(`reserve ${r.status} ${r.body?.code ?? ""}`);
    b.reservationId = r.body.id;
    const ck = await w.api.post("/api/payments/checkout", { reservationId: b.reservationId, payMethod: "CARD" }, { token: c.token });
    if (ck.status !== 201) throw new Error(`checkout ${ck.status} ${ck.body?.code ?? ""}`);
    b.paymentId = ck.body.paymentId;
    const pay = await w.sandbox.post(`/__sandbox/payments/${encodeURIComponent(b.paymentId!)}/pay`, { payMethod: "CARD", outcome: "PAID" });
    if (pay.status !== 200) throw new Error(`pay ${pay.status}`);
  } catch (err) {
    b.error = (err as Error).message;
  }
  return b;
}

export interface PipelineTimes {
  /** reservationId → ms since epoch */
  approvedAt: Map<string, number>;
  confirmedAt: Map<string, number>;
}

/** Approval time from the payment's record, CONFIRMED time from the reservation's audit log. */
export async function readTimes(w: BookingWorld, ids: string[]): Promise<PipelineTimes> {
  const [pay, rsv] = await Promise.all([
    w.paymentDb.query<{ reservation_id: string; approved_at: Date }>(
      "SELECT reservation_id, approved_at FROM payments WHERE status = 'APPROVED' AND reservation_id = ANY($1::text[])",
      [ids],
    ),
    w.reservationDb.query<{ reservation_id: string; at: Date }>(
      "SELECT reservation_id, min(at) AS at FROM audit_log WHERE to_status = 'CONFIRMED' AND reservation_id = ANY($1::text[]) GROUP BY reservation_id",
      [ids],
    ),
  ]);
  return {
    approvedAt: new Map(pay.rows.map((r) => [r.reservation_id, r.approved_at.getTime()])),
    confirmedAt: new Map(rsv.rows.map((r) => [r.reservation_id, r.at.getTime()])),
  };
}

async function waitConfirmed(w: BookingWorld, ids: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = 0;
  while (Date.now() < deadline) {
    const r = await w.reservationDb.query<{ n: string }>(
      "SELECT count(*) AS n FROM reservations WHERE status = 'CONFIRMED' AND id = ANY($1::text[])",
      [ids],
    );
    n = Number(r.rows[0]!.n);
    if (n >= ids.length) break;
    await sleep(250);
  }
  return n;
}

export interface BookingRunResult {
  mode: string;
  started: number;
  failed: number;
  errors: Record<string, number>;
  confirmed: number;
  /** confirmed bookings ÷ (last CONFIRMED − first start) */
  bookingsPerSec: number;
  /** payment approved_at → audit_log CONFIRMED, ms */
  approvalToConfirmedMs: { p50: number; p99: number; max: number };
  /** client start of the booking → CONFIRMED, ms */
  endToEndMs: { p50: number; p99: number };
  /** client time of the three HTTP steps (reserve, checkout, pay) */
  clientStepsMs: { p50: number; p99: number };
}

async function summarise(w: BookingWorld, mode: string, bookings: (Booking & { doneAt: number })[]): Promise<BookingRunResult> {
  const ok = bookings.filter((b) => !b.error && b.reservationId);
  const ids = ok.map((b) => b.reservationId!);
  await waitConfirmed(w, ids, 30_000);
  const t = await readTimes(w, ids);
  const a2c: number[] = [];
  const e2e: number[] = [];
  let last = 0;
  for (const b of ok) {
    const c = t.confirmedAt.get(b.reservationId!);
    const a = t.approvedAt.get(b.reservationId!);
    if (c === undefined) continue;
    last = Math.max(last, c);
    e2e.push(c - b.startedAt);
    if (a !== undefined) a2c.push(c - a);
  }
  const first = Math.min(...bookings.map((b) => b.startedAt));
  const errors: Record<string, number> = {};
  for (const b of bookings) if (b.error) errors[b.error] = (errors[b.error] ?? 0) + 1;
  return {
    mode,
    started: bookings.length,
    failed: bookings.length - ok.length,
    errors,
    confirmed: t.confirmedAt.size,
    bookingsPerSec: round(t.confirmedAt.size / ((last - first) / 1000), 1),
    approvalToConfirmedMs: { p50: round(median(a2c), 1), p99: round(percentile(a2c, 99), 1), max: round(Math.max(...a2c), 1) },
    endToEndMs: { p50: round(median(e2e)), p99: round(percentile(e2e, 99)) },
    clientStepsMs: {
      p50: round(median(ok.map((b) => b.doneAt - b.startedAt))),
      p99: round(
        percentile(
          ok.map((b) => b.doneAt - b.startedAt),
          99,
        ),
      ),
    },
  };
}

/** Open loop: a new booking every 1000/rate ms for `seconds`, whatever the previous ones are doing. */
export async function openLoop(w: BookingWorld, rate: number, seconds: number): Promise<BookingRunResult> {
  const total = Math.round(rate * seconds);
  const t0 = Date.now();
  const inflight: Promise<Booking & { doneAt: number }>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    inflight.push(book(w).then((b) => ({ ...b, doneAt: Date.now() })));
  }
  return summarise(w, `open loop ${rate}/s × ${seconds} s`, await Promise.all(inflight));
}

/** Closed loop: `concurrency` clients booking back to back for `seconds` — the throughput bound. */
export async function closedLoop(w: BookingWorld, concurrency: number, seconds: number): Promise<BookingRunResult> {
  const end = Date.now() + seconds * 1000;
  const done: (Booking & { doneAt: number })[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const b = await book(w);
        done.push({ ...b, doneAt: Date.now() });
      }
    }),
  );
  return summarise(w, `closed loop, ${concurrency} clients × ${seconds} s`, done);
}
