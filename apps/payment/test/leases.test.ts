import { loadPaymentConfig } from "../src/config";
import { claimWorstCaseMs } from "../src/domain/leases";
import { cancelReason, refundTag } from "../src/domain/refunds";

const base = {
  NODE_ENV: "test",
  JWT_SECRET: "j".repeat(40),
  INTERNAL_JWT_SECRET: "i".repeat(40),
  PORTONE_API_SECRET: "secret",
  PORTONE_WEBHOOK_SECRET: "whsec_" + Buffer.from("0123456789abcdef0123").toString("base64"),
  PORTONE_STORE_ID: "store-1",
};

describe("timeouts and leases", () => {
  test("by default a PortOne call may take PortOne's advised minute and the lease outlasts a whole refund attempt at that timeout", () => {
    const c = loadPaymentConfig(base);
    expect(c.PORTONE_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(c.RECONCILE_LEASE_MS).toBeGreaterThan(claimWorstCaseMs(c.PORTONE_TIMEOUT_MS));
  });

  test("when the lease is shorter than one attempt's worst case, then start-up is refused naming RECONCILE_LEASE_MS", () => {
    expect(() => loadPaymentConfig({ ...base, PORTONE_TIMEOUT_MS: "60000", RECONCILE_LEASE_MS: "60000" })).toThrow(
      /RECONCILE_LEASE_MS: must exceed one attempt's worst case/,
    );
  });
});

describe("the cancel reason PortOne stores", () => {
  test("whatever the reason's length, it starts with the refund's tag and stays within 250 characters", () => {
    for (const n of [0, 10, 213, 230, 250, 1000]) {
      const r = cancelReason("rfd_01JABCDEFGHJKMNPQRSTVWXYZ0", "가".repeat(n));
      expect(r.startsWith(refundTag("rfd_01JABCDEFGHJKMNPQRSTVWXYZ0"))).toBe(true);
      expect(r.length).toBeLessThanOrEqual(250);
    }
  });
});
