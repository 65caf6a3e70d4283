/**
 * The three stages by configuration (sandbox, test, live): what test and live refuse at start-up,
 * naming the variable, and the one authenticated PortOne call that proves the API secret against
 * the real sandbox process playing PortOne (it accepts exactly one secret and one store).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createLogger } from "@preprint/service-kit";
import { loadPaymentConfig } from "../src/config";
import { startPaymentService } from "../src/service";
import { api, customerToken, freePort, INTERNAL_JWT_SECRET, JWT_SECRET, startRig, type Rig } from "./harness";

jest.setTimeout(60_000);

const uuidOf = () => randomUUID();
const real = {
  storeId: `store-${uuidOf()}`,
  card: `channel-key-${uuidOf()}`,
  easyPay: `channel-key-${uuidOf()}`,
  apiSecret: randomBytes(40).toString("base64url"),
  webhookSecret: `whsec_${randomBytes(32).toString("base64")}`,
};

const base = {
  NODE_ENV: "test",
  JWT_SECRET: randomBytes(36).toString("base64url"),
  INTERNAL_JWT_SECRET: randomBytes(36).toString("base64url"),
  PORTONE_API_SECRET: real.apiSecret,
  PORTONE_WEBHOOK_SECRET: real.webhookSecret,
  PORTONE_STORE_ID: real.storeId,
  PORTONE_CHANNEL_KEY_CARD: real.card,
  PORTONE_CHANNEL_KEY_EASY_PAY: real.easyPay,
};
const live = { ...base, PORTONE_MODE: "live", PORTONE_API_BASE_URL: "https://api.portone.io", PUBLIC_BASE_URL: "https://preprint.kr" };
const testStage = { ...live, PORTONE_MODE: "test" };

function refusal(env: Record<string, string>): string {
  try {
    loadPaymentConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
}

describe("start-up checks of test and live", () => {
  test("when test and live have console-shaped values, then they load; the stage is the only difference", () => {
    expect(loadPaymentConfig(testStage).PORTONE_MODE).toBe("test");
    expect(loadPaymentConfig(live).PORTONE_MODE).toBe("live");
    // a rehearsal on one machine: test takes loopback http origins, live never does
    expect(
      loadPaymentConfig({ ...testStage, PUBLIC_BASE_URL: "http://localhost:8080", PORTONE_API_BASE_URL: "http://127.0.0.1:8090" })
        .PORTONE_MODE,
    ).toBe("test");
    expect(refusal({ ...live, PUBLIC_BASE_URL: "http://localhost:8080" })).toContain("PUBLIC_BASE_URL");
  });

  test.each(["test", "live"])(
    "when %s has example ids, sandbox keys, placeholder secrets, shared JWT secrets and an http public URL, then start-up names each",
    (stage) => {
      const message = refusal({
        ...base,
        PORTONE_MODE: stage,
        PORTONE_API_BASE_URL: "https://api.portone.io",
        PUBLIC_BASE_URL: "http://preprint.kr",
        PORTONE_STORE_ID: "store-00000000-0000-0000-0000-000000000000",
        PORTONE_CHANNEL_KEY_CARD: "channel-key-smartro-card",
        PORTONE_CHANNEL_KEY_EASY_PAY: "channel-key-12345678-1234-1234-1234-123456789012",
        PORTONE_API_SECRET: "change-me-please",
        PORTONE_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString("base64")}`,
        JWT_SECRET: "x".repeat(40),
        INTERNAL_JWT_SECRET: "x".repeat(40),
      });
      for (const key of [
        "PUBLIC_BASE_URL",
        "PORTONE_STORE_ID",
        "PORTONE_CHANNEL_KEY_CARD",
        "PORTONE_CHANNEL_KEY_EASY_PAY",
        "PORTONE_API_SECRET",
        "PORTONE_WEBHOOK_SECRET",
        "JWT_SECRET",
        "INTERNAL_JWT_SECRET: equal to JWT_SECRET",
      ]) {
        expect(message).toContain(key);
      }
    },
  );

  test("when live is given a channel key recorded as a TEST channel, then it is refused; test takes it", () => {
    const env = { PORTONE_TEST_CHANNEL_KEYS: `${real.card}, channel-key-${uuidOf()}` };
    expect(refusal({ ...live, ...env })).toMatch(/PORTONE_CHANNEL_KEY_CARD: listed in PORTONE_TEST_CHANNEL_KEYS/);
    expect(refusal({ ...live, ...env })).not.toContain("PORTONE_CHANNEL_KEY_EASY_PAY");
    expect(loadPaymentConfig({ ...testStage, ...env }).PORTONE_CHANNEL_KEY_CARD).toBe(real.card);
  });

  test("when the sandbox is the stage, then its defaults still load (the offline default needs no console values)", () => {
    const c = loadPaymentConfig({
      ...base,
      PORTONE_STORE_ID: "store-preprint-sandbox",
      PORTONE_CHANNEL_KEY_CARD: "channel-key-smartro-card",
    });
    expect(c.PORTONE_MODE).toBe("sandbox");
  });
});

describe("the start-up PortOne call (sandbox process playing PortOne)", () => {
  const sandboxEnv = {
    PORTONE_API_SECRET: real.apiSecret,
    PORTONE_WEBHOOK_SECRET: real.webhookSecret,
    PORTONE_STORE_ID: real.storeId,
    PORTONE_CHANNEL_KEY_CARD: real.card,
    PORTONE_CHANNEL_KEY_EASY_PAY: real.easyPay,
  };
  // the harness's own token secrets: its reservation stub checks the service token
  // test and live refuse a PortOne timeout under a minute (PortOne's advice); the rig's 2 s is for the sandbox
  const stageEnv = {
    ...base,
    JWT_SECRET,
    INTERNAL_JWT_SECRET,
    PORTONE_MODE: "test",
    PUBLIC_BASE_URL: "http://localhost:8080",
    PORTONE_TIMEOUT_MS: "60000",
  };

  test("when the API secret is expired or wrong, then start-up fails naming PORTONE_API_SECRET", async () => {
    let rig: Rig | undefined;
    await expect(
      startRig({ ...stageEnv, PORTONE_API_SECRET: randomBytes(40).toString("base64url") }, sandboxEnv).then((r) => (rig = r)),
    ).rejects.toThrow(/PORTONE_API_SECRET was refused by PortOne \(UNAUTHORIZED/);
    await rig?.stop();
  });

  test("when the store id is one the secret cannot reach, then start-up fails naming PORTONE_STORE_ID", async () => {
    let rig: Rig | undefined;
    await expect(startRig({ ...stageEnv, PORTONE_STORE_ID: `store-${uuidOf()}` }, sandboxEnv).then((r) => (rig = r))).rejects.toThrow(
      /PORTONE_STORE_ID is not reachable/,
    );
    await rig?.stop();
  });

  test("when the credentials are right, then test starts, says so in GET /payments/config and approves a TEST-channel payment; live on the same records then refuses that channel key", async () => {
    const rig = await startRig(stageEnv, sandboxEnv);
    try {
      const config = await api(rig, "GET", "/payments/config");
      expect(config.body).toEqual({
        mode: "test",
        storeId: real.storeId,
        methods: [
          { payMethod: "CARD", channelKey: real.card },
          { payMethod: "EASY_PAY", channelKey: real.easyPay },
        ],
      });

      // a reviewer's payment on the TEST card channel: approved in test (live would cancel it)
      const customerId = `usr_${randomBytes(4).toString("hex")}`;
      const token = await customerToken(customerId);
      const rsv = rig.stub.add({ customerId });
      const checkout = await api(rig, "POST", "/payments/checkout", { token, body: { reservationId: rsv.id, payMethod: "CARD" } });
      expect(checkout.status).toBe(201);
      expect(checkout.body.checkoutUrl).toBeUndefined(); // the browser opens PortOne's SDK, not the sandbox page
      await rig.sandbox.hook(`/__sandbox/payments/${checkout.body.paymentId}/pay`, { payMethod: "CARD", outcome: "PAID" });
      const done = await api(rig, "POST", `/payments/${checkout.body.paymentId}/complete`, { token });
      expect(done.body.status).toBe("APPROVED");

      // switching to live with the same keys: our own records know the card key is a TEST channel
      const live = { ...rig.config, PORTONE_MODE: "live" as const, PORTONE_PROBE: false, PORT: await freePort() };
      await expect(startPaymentService(live, { logger: createLogger("payment", "silent"), host: "127.0.0.1" })).rejects.toThrow(
        /PORTONE_CHANNEL_KEY_CARD: payments through this key were TEST-channel payments/,
      );
    } finally {
      await rig.stop();
    }
  });
});
