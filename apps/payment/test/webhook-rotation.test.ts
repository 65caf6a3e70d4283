/**
 * Webhook secret rotation: PortOne keeps up to two secrets per mode; while both exist a webhook may
 * be signed with either, so both must verify and nothing else may.
 */
import { randomBytes } from "node:crypto";
import { loadPaymentConfig, webhookSecrets } from "../src/config";
import { signWebhook, startRig, WEBHOOK_SECRET, type Rig } from "./harness";

jest.setTimeout(60_000);

const PREVIOUS = `whsec_${randomBytes(32).toString("base64")}`;
const STRANGER = `whsec_${randomBytes(32).toString("base64")}`;

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ PORTONE_WEBHOOK_SECRET_PREVIOUS: PREVIOUS });
});
afterAll(async () => {
  await rig?.stop();
});

async function deliver(secret: string) {
  const body = JSON.stringify({
    type: "Transaction.Ready",
    timestamp: new Date().toISOString(),
    data: { paymentId: `pay${randomBytes(6).toString("hex")}`, storeId: rig.config.PORTONE_STORE_ID, transactionId: "tx" },
  });
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${rig.url}/payments/webhooks/portone`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(secret, id, ts, body),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test("when a webhook is signed with the current or the previous secret, then both verify; a third secret is refused", async () => {
  expect((await deliver(WEBHOOK_SECRET)).status).toBe(200);
  expect((await deliver(PREVIOUS)).status).toBe(200);
  const stranger = await deliver(STRANGER);
  expect(stranger.status).toBe(400);
  expect(stranger.body).toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID", reason: "NO_MATCHING_SIGNATURE" });
});

test("when the two secrets come as one comma list, then both are accepted; a third one is refused at start-up", () => {
  const env = {
    NODE_ENV: "test",
    JWT_SECRET: "j".repeat(40),
    INTERNAL_JWT_SECRET: "i".repeat(40),
    PORTONE_API_SECRET: "secret",
    PORTONE_STORE_ID: "store-1",
  };
  expect(webhookSecrets(loadPaymentConfig({ ...env, PORTONE_WEBHOOK_SECRET: `${WEBHOOK_SECRET}, ${PREVIOUS}` }))).toEqual([
    WEBHOOK_SECRET,
    PREVIOUS,
  ]);
  expect(() =>
    loadPaymentConfig({ ...env, PORTONE_WEBHOOK_SECRET: `${WEBHOOK_SECRET},${PREVIOUS}`, PORTONE_WEBHOOK_SECRET_PREVIOUS: STRANGER }),
  ).toThrow(/at most two/);
});
