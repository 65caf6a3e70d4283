import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { checkMoney, runCli, type CheckResult, type Finding } from "../src";
import * as f from "./fixtures";

const BIN = path.join(__dirname, "../bin/preprint-money-check.js");

let w: f.World;
beforeAll(async () => {
  w = await f.startWorld();
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, w.env, { out: (s) => (out += s + "\n"), err: (s) => (err += s + "\n") });
  return { code, out, err };
}

const key = (x: Finding) => [x.code, x.reservationId, x.paymentId, x.slotId, x.refundId].filter(Boolean).join(" ");

describe("preprint-money-check against real databases and the PortOne sandbox", () => {
  test("when all three databases agree with PortOne, then there are no findings and the exit code is 0", async () => {
    // a paid booking
    const s1 = await f.slot(w);
    const paidPay = f.id("pay");
    await f.paidAtPortOne(w, paidPay, 10_000);
    const paid = await f.reservation(w, { slotId: s1, status: "CONFIRMED", total: 10_000, paymentId: paidPay, paid: 10_000 });
    await f.payment(w, { id: paidPay, reservationId: paid, amount: 10_000, status: "APPROVED" });
    await f.notification(w, { type: "reservation.confirmed", reservationId: paid });
    // a cancelled booking refunded in full
    const refPay = f.id("pay");
    await f.paidAtPortOne(w, refPay, 8_000);
    await f.cancelAtPortOne(w, refPay, 8_000);
    const refunded = await f.reservation(w, {
      slotId: s1,
      status: "REFUNDED",
      total: 8_000,
      held: false,
      paymentId: refPay,
      paid: 8_000,
      refunded: 8_000,
    });
    await f.payment(w, { id: refPay, reservationId: refunded, amount: 8_000, status: "APPROVED", refunded: 8_000 });
    const refundId = await f.paymentRefund(w, { paymentId: refPay, reservationId: refunded, amount: 8_000 });
    await f.reservationRefund(w, { reservationId: refunded, paymentId: refPay, amount: 8_000 });
    await f.notification(w, { type: "reservation.confirmed", reservationId: refunded });
    await f.notification(w, { type: "refund.completed", reservationId: refunded, refundId });
    // picked up after a partial staff refund
    const partPay = f.id("pay");
    await f.paidAtPortOne(w, partPay, 12_000);
    await f.cancelAtPortOne(w, partPay, 2_000);
    const picked = await f.reservation(w, {
      slotId: s1,
      status: "PICKED_UP",
      total: 12_000,
      paymentId: partPay,
      paid: 12_000,
      refunded: 2_000,
    });
    await f.payment(w, { id: partPay, reservationId: picked, amount: 12_000, status: "APPROVED", refunded: 2_000 });
    const staffRefund = await f.paymentRefund(w, { paymentId: partPay, reservationId: picked, amount: 2_000 });
    await f.reservationRefund(w, { reservationId: picked, paymentId: partPay, amount: 2_000, kind: "STAFF" });
    await f.notification(w, { type: "refund.completed", reservationId: picked, refundId: staffRefund });
    // a declined card, hold still running; an expired hold without payment
    const declined = f.id("pay");
    await f.declinedAtPortOne(w, declined, 5_000);
    const pending = await f.reservation(w, { slotId: s1, status: "PENDING_PAYMENT", total: 5_000 });
    await f.payment(w, { id: declined, reservationId: pending, amount: 5_000, status: "FAILED" });
    await f.reservation(w, { slotId: s1, status: "EXPIRED", total: 3_000, held: false });

    const r = await cli([]);
    expect(r.err).toBe("");
    expect(r.out).toContain("OK: no findings.");
    expect(r.out).toContain("5 reservations, 4 payments, 2 refunds");
    expect(r.code).toBe(0);
  });

  test("when a fresh row is inconsistent, then it is reported in flight (exit 0) unless --grace 0 (exit 1)", async () => {
    const s = await f.slot(w);
    const payId = f.id("pay");
    await f.paidAtPortOne(w, payId, 7_000);
    // approved a moment ago; payment.approved not applied yet
    const rid = await f.reservation(w, { slotId: s, status: "PENDING_PAYMENT", total: 7_000, updatedAt: new Date() });
    await f.payment(w, { id: payId, reservationId: rid, amount: 7_000, status: "APPROVED", updatedAt: new Date() });

    const lenient = await cli(["--json"]);
    const body = JSON.parse(lenient.out) as CheckResult;
    expect(lenient.code).toBe(0);
    expect(body.failures).toBe(0);
    expect(body.findings.map((x) => [x.code, x.paymentId, x.inFlight])).toEqual([["PAID_WITHOUT_BOOKING", payId, true]]);

    const strict = await cli(["--grace", "0"]);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(new RegExp(`FAIL\\s+PAID_WITHOUT_BOOKING\\s+rsv ${rid} pay ${payId}`));
    // leave it consistent for the next test: the event arrives
    await w.rsv.query(
      `UPDATE reservations SET status = 'CONFIRMED', payment_id = $2, paid_amount = 7000, updated_at = now() - interval '1 hour' WHERE id = $1`,
      [rid, payId],
    );
    await w.pay.query(`UPDATE payments SET updated_at = now() - interval '1 hour' WHERE id = $1`, [payId]);
    await f.notification(w, { type: "reservation.confirmed", reservationId: rid });
    expect((await cli([])).code).toBe(0);
  });

  test("when rows are crafted inconsistent, then the installed bin finds every one (--json, exit 1) and nothing else", async () => {
    const expected: string[] = [];
    const s = await f.slot(w);

    // 1. approved and paid, but payment.approved never applied: money taken, nothing booked
    const lost = f.id("pay");
    await f.paidAtPortOne(w, lost, 6_000);
    const lostR = await f.reservation(w, { slotId: s, status: "EXPIRED", total: 6_000, held: false });
    await f.payment(w, { id: lost, reservationId: lostR, amount: 6_000, status: "APPROVED" });
    expected.push(`PAID_WITHOUT_BOOKING ${lostR} ${lost}`);

    // 2. REFUNDED, but PortOne never cancelled anything
    const noCancel = f.id("pay");
    await f.paidAtPortOne(w, noCancel, 9_000);
    const noCancelR = await f.reservation(w, {
      slotId: s,
      status: "REFUNDED",
      total: 9_000,
      held: false,
      paymentId: noCancel,
      paid: 9_000,
      refunded: 9_000,
    });
    await f.payment(w, { id: noCancel, reservationId: noCancelR, amount: 9_000, status: "APPROVED", refunded: 9_000 });
    const ghostRefund = await f.paymentRefund(w, { paymentId: noCancel, reservationId: noCancelR, amount: 9_000 });
    await f.reservationRefund(w, { reservationId: noCancelR, paymentId: noCancel, amount: 9_000 });
    await f.notification(w, { type: "reservation.confirmed", reservationId: noCancelR });
    await f.notification(w, { type: "refund.completed", reservationId: noCancelR, refundId: ghostRefund });
    expected.push(`REFUND_MISMATCH ${noCancelR} ${noCancel}`, `REFUNDED_WITHOUT_CANCELLATION ${noCancelR} ${noCancel}`);

    // 3. a slot sold past its capacity
    const over = await f.slot(w, { capacity: 20 });
    for (let i = 0; i < 3; i++) await f.reservation(w, { slotId: over, status: "PENDING_PAYMENT", total: 1_000 });
    expected.push(`SLOT_OVER_CAPACITY ${over}`);

    // 4. a tampered amount: PortOne charged 1,000 won for a 15,000 won reservation and we approved it
    const cheap = f.id("pay");
    await f.paidAtPortOne(w, cheap, 1_000);
    const cheapR = await f.reservation(w, { slotId: s, status: "CONFIRMED", total: 15_000, paymentId: cheap, paid: 15_000 });
    await f.payment(w, { id: cheap, reservationId: cheapR, amount: 15_000, status: "APPROVED" });
    await f.notification(w, { type: "reservation.confirmed", reservationId: cheapR });
    expected.push(`AMOUNT_MISMATCH ${cheapR} ${cheap}`);

    // 5. refunded more than paid (and PortOne says otherwise)
    const much = f.id("pay");
    await f.paidAtPortOne(w, much, 4_000);
    await f.cancelAtPortOne(w, much, 4_000);
    const muchR = await f.reservation(w, {
      slotId: s,
      status: "REFUNDED",
      total: 4_000,
      held: false,
      paymentId: much,
      paid: 4_000,
      refunded: 5_000,
    });
    await f.payment(w, { id: much, reservationId: muchR, amount: 4_000, status: "APPROVED", refunded: 5_000 });
    const r1 = await f.paymentRefund(w, { paymentId: much, reservationId: muchR, amount: 4_000 });
    const r2 = await f.paymentRefund(w, { paymentId: much, reservationId: muchR, amount: 1_000 });
    await f.reservationRefund(w, { reservationId: muchR, paymentId: much, amount: 4_000 });
    await f.reservationRefund(w, { reservationId: muchR, paymentId: much, amount: 1_000 });
    await f.notification(w, { type: "reservation.confirmed", reservationId: muchR });
    await f.notification(w, { type: "refund.completed", reservationId: muchR, refundId: r1 });
    await f.notification(w, { type: "refund.completed", reservationId: muchR, refundId: r2 });
    expected.push(
      `REFUND_EXCEEDS_PAID ${muchR} ${much}`, // payment side
      `REFUND_EXCEEDS_PAID ${muchR} ${much}`, // reservation side
      `REFUND_MISMATCH ${muchR} ${much}`, // 5,000 here vs 4,000 cancelled at PortOne
      `REFUNDED_WITHOUT_CANCELLATION ${muchR} ${much}`, // the reservation's 5,000 is not covered by PortOne's 4,000
    );

    // 6. paid at PortOne, still PENDING here (abandoned browser, reconciliation never ran)
    const abandoned = f.id("pay");
    await f.paidAtPortOne(w, abandoned, 3_000);
    const abandonedR = await f.reservation(w, { slotId: s, status: "PENDING_PAYMENT", total: 3_000 });
    await f.payment(w, { id: abandoned, reservationId: abandonedR, amount: 3_000, status: "PENDING" });
    expected.push(`PAID_AT_PORTONE_NOT_APPROVED ${abandonedR} ${abandoned}`);

    // 7. CONFIRMED, but its payment failed: printing for free
    const failed = f.id("pay");
    await f.declinedAtPortOne(w, failed, 2_000);
    const freeR = await f.reservation(w, { slotId: s, status: "CONFIRMED", total: 2_000, paymentId: failed, paid: 2_000 });
    await f.payment(w, { id: failed, reservationId: freeR, amount: 2_000, status: "FAILED" });
    await f.notification(w, { type: "reservation.confirmed", reservationId: freeR });
    expected.push(`BOOKING_WITHOUT_PAYMENT ${freeR} ${failed}`);

    // 8. PortOne holds money for a payment id we never recorded
    const stray = f.id("pay");
    await f.paidAtPortOne(w, stray, 1_500);
    expected.push(`UNKNOWN_PORTONE_PAYMENT ${stray}`);

    // 9. one confirmation told twice (an event applied twice), and a refund never told
    const twice = f.id("pay");
    await f.paidAtPortOne(w, twice, 2_500);
    await f.cancelAtPortOne(w, twice, 500);
    const twiceR = await f.reservation(w, { slotId: s, status: "READY", total: 2_500, paymentId: twice, paid: 2_500, refunded: 500 });
    await f.payment(w, { id: twice, reservationId: twiceR, amount: 2_500, status: "APPROVED", refunded: 500 });
    const untold = await f.paymentRefund(w, { paymentId: twice, reservationId: twiceR, amount: 500 });
    await f.reservationRefund(w, { reservationId: twiceR, paymentId: twice, amount: 500, kind: "STAFF" });
    await f.notification(w, { type: "reservation.confirmed", reservationId: twiceR });
    await f.notification(w, { type: "reservation.confirmed", reservationId: twiceR });
    expected.push(`DUPLICATE_NOTIFICATION ${twiceR}`, `REFUND_NOT_NOTIFIED ${twiceR} ${twice} ${untold}`);

    // the installed command, as an SRE runs it; PortOne's stray payment is seconds old, so no grace
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, "--json", "--grace", "0"], {
      env: { ...process.env, ...w.env },
    }).catch((e) => {
      expect(e.code).toBe(1);
      return e as { stdout: string };
    });
    const result = JSON.parse(stdout) as CheckResult;
    expect(result.findings.filter((x) => x.inFlight)).toEqual([]);
    expect(result.findings.map(key).sort()).toEqual(expected.sort());
    expect(result.failures).toBe(expected.length);
    // the secret never appears in the output
    expect(stdout).not.toContain(w.secret);
  });

  test("when PortOne refuses the secret or the arguments are wrong, then exit 2 names the problem", async () => {
    const bad = await runCli(
      [],
      { ...w.env, PORTONE_API_SECRET: "wrong-secret-000000" },
      { out: () => undefined, err: (s) => expect(s).toMatch(/PortOne refused the API secret/) },
    );
    expect(bad).toBe(2);
    let err = "";
    const usage = await runCli(["--grace", "soon"], { PORTONE_API_BASE_URL: "ftp://x" }, { out: () => undefined, err: (s) => (err += s) });
    expect(usage).toBe(2);
    expect(err).toContain("RESERVATION_DATABASE_URL is not set");
    expect(err).toContain("PAYMENT_DATABASE_URL is not set");
    expect(err).toContain("PORTONE_API_SECRET is not set");
    expect(err).toContain("PORTONE_API_BASE_URL must be a http: or https: URL");
    expect(err).toContain('--grace: not a duration: "soon"');
  });

  test("when only the library is used with the notification database left out, then the told-once checks are skipped", async () => {
    const r = await checkMoney({
      reservationDatabaseUrl: w.env.RESERVATION_DATABASE_URL,
      paymentDatabaseUrl: w.env.PAYMENT_DATABASE_URL,
      portone: { baseUrl: w.env.PORTONE_API_BASE_URL, secret: w.secret, storeId: w.storeId },
    });
    expect(r.counts.notifications).toBeNull();
    expect(r.findings.some((x) => x.code === "DUPLICATE_NOTIFICATION" || x.code === "REFUND_NOT_NOTIFIED")).toBe(false);
    expect(r.findings.some((x) => x.code === "PAID_WITHOUT_BOOKING")).toBe(true);
  });
});
