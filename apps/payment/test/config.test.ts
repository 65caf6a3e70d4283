import { createTestDatabase, uniqueName } from "@preprint/test-support";
import { loadPaymentConfig } from "../src/config";
import { decide } from "../src/domain/settlement";
import { migrate } from "./harness";

const base = {
  NODE_ENV: "test",
  JWT_SECRET: "j".repeat(40),
  INTERNAL_JWT_SECRET: "i".repeat(40),
  PORTONE_API_SECRET: "secret",
  PORTONE_WEBHOOK_SECRET: "whsec_" + Buffer.from("0123456789abcdef0123").toString("base64"),
  PORTONE_STORE_ID: "store-1",
};
const LIVE_CARD = "channel-key-4c1e2a7b-9f3d-4e8a-b6c5-0d2f7a9e1b34";
const live = {
  ...base,
  JWT_SECRET: "Jx8vQ2mN7pL4tR9wZ3kB6yH1cF5gD0sA-live-jwt",
  INTERNAL_JWT_SECRET: "Kd3nW8qP1vM6tY2zR7jC4xG9bH0fL5sE-live-int",
  PORTONE_API_SECRET: "Vq7Nd2Lr8Xw3Pz6Ty1Kc9Bm4Hf0Gs5Jq",
  PORTONE_STORE_ID: "store-8a3f5c2e-7b1d-4e9a-a6c4-2f0b9d8e7c16",
  PORTONE_MODE: "live",
  PORTONE_API_BASE_URL: "https://api.portone.io",
  PORTONE_CHANNEL_KEY_CARD: LIVE_CARD,
  PORTONE_CHANNEL_KEY_EASY_PAY: "channel-key-e5b8d1f4-2a6c-4d3e-9b7f-8c1a0e5d2f93",
  PUBLIC_BASE_URL: "https://preprint.kr",
};

describe("configuration", () => {
  test("when live mode has real values, then it loads; switching channels is env only", () => {
    const c = loadPaymentConfig(live);
    expect(c).toMatchObject({ PORTONE_MODE: "live", PORTONE_CHANNEL_KEY_CARD: LIVE_CARD });
  });

  test("when live mode is asked with sandbox hooks on, the sandbox URL, default channels and a missing secret, then start-up is refused naming each", () => {
    const env = {
      ...live,
      PORTONE_API_BASE_URL: "http://127.0.0.1:8090",
      PORTONE_SANDBOX_HOOKS: "true",
      PORTONE_CHECKOUT_URL: "http://127.0.0.1:8090",
      PORTONE_CHANNEL_KEY_CARD: "channel-key-smartro-card",
      PORTONE_API_SECRET: "",
    };
    let message = "";
    try {
      loadPaymentConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    for (const key of [
      "PORTONE_API_SECRET: required",
      "PORTONE_API_BASE_URL",
      "PORTONE_SANDBOX_HOOKS",
      "PORTONE_CHECKOUT_URL",
      "PORTONE_CHANNEL_KEY_CARD",
    ]) {
      expect(message).toContain(key);
    }
    expect(message).not.toContain("PORTONE_CHANNEL_KEY_EASY_PAY");
  });

  test("when the webhook secret is not whsec_<base64>, then start-up is refused in sandbox mode too", () => {
    expect(() => loadPaymentConfig({ ...base, PORTONE_WEBHOOK_SECRET: "not a secret!" })).toThrow(/PORTONE_WEBHOOK_SECRET/);
  });
});

describe("settlement rule", () => {
  const ours = { id: "pay1", status: "PENDING", amount: 4200, currency: "KRW" };
  const paid = (over: Record<string, unknown> = {}) =>
    ({
      status: "PAID",
      id: "pay1",
      transactionId: "tx",
      amount: { total: 4200, cancelled: 0 },
      currency: "KRW",
      channel: { type: "TEST" },
      paidAt: "2026-01-01T00:00:00Z",
      ...over,
    }) as any;

  test("when a TEST-channel payment is paid in live mode, then it is cancelled, not approved", () => {
    expect(decide(ours, paid(), { mode: "live" })).toMatchObject({ action: "cancel", code: "TEST_CHANNEL_IN_LIVE" });
    expect(decide(ours, paid({ channel: { type: "LIVE" } }), { mode: "live" })).toMatchObject({ action: "approve" });
    expect(decide(ours, paid(), { mode: "sandbox" })).toMatchObject({ action: "approve" });
  });

  test("when a LIVE-channel payment is paid in the test stage, then it is cancelled, not approved", () => {
    expect(decide(ours, paid({ channel: { type: "LIVE" } }), { mode: "test" })).toMatchObject({
      action: "cancel",
      code: "LIVE_CHANNEL_IN_TEST",
    });
    expect(decide(ours, paid(), { mode: "test" })).toMatchObject({ action: "approve" });
  });

  test("when a payment we never approved is partly cancelled at PortOne, then the rest is voided; fully cancelled, it only finishes", () => {
    const partly = paid({ status: "PARTIAL_CANCELLED", amount: { total: 4200, cancelled: 1000 } });
    expect(decide({ ...ours, status: "EXPIRED" }, partly, { mode: "sandbox" })).toMatchObject({
      action: "cancel",
      code: "CANCELLED_AT_PORTONE",
      emitFailure: true,
    });
    expect(decide({ ...ours, status: "FAILED" }, partly, { mode: "sandbox" })).toMatchObject({
      action: "cancel",
      code: "LATE_PAYMENT",
      emitFailure: false,
    });
    expect(decide({ ...ours, status: "CANCELLING" }, partly, { mode: "sandbox" })).toMatchObject({ action: "cancel" });
    const all = paid({ status: "CANCELLED", amount: { total: 4200, cancelled: 4200 } });
    expect(decide({ ...ours, status: "EXPIRED" }, all, { mode: "sandbox" })).toMatchObject({ action: "finishCancel" });
    expect(decide({ ...ours, status: "FAILED" }, all, { mode: "sandbox" })).toMatchObject({ action: "none" });
  });

  test("when the currency differs or an already failed id is paid later, then it is cancelled", () => {
    expect(decide(ours, paid({ currency: "USD" }), { mode: "sandbox" })).toMatchObject({ action: "cancel", code: "CURRENCY_MISMATCH" });
    expect(decide({ ...ours, status: "FAILED" }, paid(), { mode: "sandbox" })).toMatchObject({
      action: "cancel",
      code: "LATE_PAYMENT",
      emitFailure: false,
    });
    expect(decide({ ...ours, status: "APPROVED" }, paid({ amount: { total: 1, cancelled: 0 } }), { mode: "sandbox" })).toMatchObject({
      action: "none",
    });
  });
});

describe("migrations", () => {
  test("when the migrations are applied to an empty database, then they match schema.prisma (drift check)", async () => {
    const db = await createTestDatabase(uniqueName("payment_check").slice(0, 20));
    try {
      const out = await migrate(db.url, "check");
      expect(out).toMatch(/in sync|OK|ok/i);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
