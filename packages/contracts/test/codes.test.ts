import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  internalReservation,
  isProblemCode,
  paymentFailedCode,
  paymentFailureCode,
  problemCatalog,
  problemCodes,
  refundFailureCode,
  refundFailureCodeOf,
} from "../src";

const root = path.resolve(__dirname, "../../..");

/** Source files of every service and package that answers HTTP (not this package, not tests, not generated code). */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "generated" || name === "dist" || name === "test") continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) out.push(p);
    }
  };
  for (const dir of [
    "apps/gateway/src",
    "apps/reservation/src",
    "apps/payment/src",
    "apps/notification/src",
    "apps/printing/src",
    "packages/service-kit/src",
    "packages/auth/src",
  ])
    walk(path.join(root, dir));
  return out;
}

describe("problem code catalogue", () => {
  it("when the catalogue is read, then every code is SCREAMING_SNAKE with at least one status in 400–599", () => {
    for (const code of problemCodes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      const { status } = problemCatalog[code];
      expect(status.length).toBeGreaterThan(0);
      for (const s of status) expect(s >= 400 && s <= 599).toBe(true);
    }
    expect(isProblemCode("SLOT_FULL")).toBe(true);
    expect(isProblemCode("toString")).toBe(false);
  });

  it("when the services' sources are searched, then every catalogued code is sent somewhere (no stale entries)", () => {
    // The compiler keeps codes that are sent inside the catalogue (AppError takes a ProblemCode);
    // this keeps the catalogue from listing codes nobody sends, which clients would translate for nothing.
    const text = sources()
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const unused = problemCodes.filter((code) => !text.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });
});

describe("event codes", () => {
  it("when payment.failed codes are listed, then they are the payment failure codes without the customer's own cancel", () => {
    expect(paymentFailedCode.options).toEqual(paymentFailureCode.options.filter((c) => c !== "RESERVATION_CANCELLED"));
  });

  it("when PortOne answers a cancel with an error type, then a known one is kept and an unknown one becomes PORTONE_REJECTED", () => {
    expect(refundFailureCodeOf("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT")).toBe("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT");
    expect(refundFailureCodeOf("SOMETHING_PORTONE_ADDED_LATER")).toBe("PORTONE_REJECTED");
    expect(refundFailureCode.options).toContain("PAYMENT_NOT_PAID");
  });
});

describe("internal reservation contract", () => {
  const valid = {
    id: "rsv_1",
    customerId: "usr_1",
    status: "PENDING_PAYMENT",
    totalAmount: 1200,
    currency: "KRW",
    expiresAt: "2026-12-06T10:00:00.000Z",
    paymentId: null,
    paidAmount: 0,
    refundedAmount: 0,
    orderName: "신촌점 인쇄 a.pdf",
    customer: { id: "usr_1", name: "김민지", email: "minji@example.com", phone: null },
    store: { id: "sto_1", name: "신촌점", timeZone: "Asia/Seoul" },
    slot: { id: "slt_1", startsAt: "2026-12-06T11:00:00.000+09:00", endsAt: "2026-12-06T11:30:00.000+09:00" },
  };

  it("when the reservation service's answer has the agreed fields, then it parses and unknown fields are dropped", () => {
    expect(internalReservation.parse({ ...valid, legacy: 1 })).toEqual(valid);
  });

  it("when an answer spells the owner or the amount another way, then it is refused", () => {
    const { customerId: _c, totalAmount: _t, ...rest } = valid;
    const r = internalReservation.safeParse({ ...rest, ownerId: "usr_1", amount: 1200 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["customerId", "totalAmount"]);
  });
});
