import { z } from "zod";
import { env, loadConfig } from "@preprint/service-kit";

/** A Standard Webhooks secret: `whsec_` + base64 of at least 16 random bytes. */
const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, { message: "expected whsec_<base64>" })
  .refine((v) => Buffer.from(v.slice(6), "base64").length >= 16, { message: "the base64 part must decode to at least 16 bytes" });

export const configShape = {
  PORT: env.port(8090).describe("HTTP port"),
  LOG_LEVEL: z.string().optional().describe("pino level (default info, warn under NODE_ENV=test)"),
  PORTONE_API_SECRET: env.secret(16).describe("the V2 API secret callers send as `Authorization: PortOne <secret>`"),
  PORTONE_WEBHOOK_SECRET: webhookSecret.describe("Standard Webhooks signing secret (whsec_…)"),
  PORTONE_STORE_ID: z.string().min(1).describe("store id put on every payment and webhook (store-…)"),
  PORTONE_CHANNEL_KEY_CARD: z.string().min(1).default("channel-key-smartro-card").describe("channel key of the Smartro V2 card channel"),
  PORTONE_CHANNEL_KEY_EASY_PAY: z
    .string()
    .min(1)
    .default("channel-key-smartro-easypay")
    .describe("channel key of the Smartro V2 easy-pay channel"),
  PORTONE_CHANNEL_KEY_TOSS: z.string().min(1).default("channel-key-toss-test").describe("channel key of the Toss Payments channel"),
  SANDBOX_MODE: z
    .enum(["test", "live"])
    .default("test")
    .describe("test: channels are TEST and the test hooks may run; live: channels are LIVE"),
  SANDBOX_TEST_HOOKS: env.bool(true).describe("serve /__sandbox/* (must be false in live mode; the process refuses to start otherwise)"),
  SANDBOX_WEBHOOK_URL: env
    .url()
    .default("http://127.0.0.1:8080/api/payments/webhooks/portone")
    .describe("where webhooks go unless the payment request carried noticeUrls"),
  SANDBOX_WEBHOOK_TIME_SCALE: z.coerce
    .number()
    .positive()
    .max(1)
    .default(1)
    .describe("multiplier on the retry schedule (1 = PortOne's 0/1/4/16/64/256 minutes; 0.001 = 1000× faster)"),
  SANDBOX_WEBHOOK_TIMEOUT_MS: env.int(30_000).describe("per-attempt webhook timeout (PortOne: 30 s)"),
  SANDBOX_MERCHANT_ID: z.string().min(1).default("merchant-00000000-0000-0000-0000-000000000000").describe("merchantId on payments"),
  SANDBOX_STORE_NAME: z.string().min(1).default("프리프린트").describe("store name shown on the checkout page"),
};

export type SandboxConfig = ReturnType<typeof loadSandboxConfig>;

export function loadSandboxConfig(source: NodeJS.ProcessEnv = process.env, opts: { exitOnError?: boolean } = {}) {
  const config = loadConfig(configShape, source, { service: "portone-sandbox", exitOnError: opts.exitOnError });
  return config;
}

/** Start-up guard: live mode with test hooks would let anyone "pay" without paying. */
export function assertSafeConfig(config: SandboxConfig): void {
  if (config.SANDBOX_MODE === "live" && config.SANDBOX_TEST_HOOKS) {
    throw new Error("portone-sandbox: SANDBOX_TEST_HOOKS must be false when SANDBOX_MODE=live (test hooks would fake payments)");
  }
}
