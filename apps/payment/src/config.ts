import { z } from "zod";
import { ConfigError, env, loadConfig, messagingEnv } from "@preprint/service-kit";
import { leaseProblems } from "./domain/leases";
import { stageProblems } from "./startup/stage-checks";

const shape = {
  PORT: env.port(8082).describe("HTTP port"),
  PAYMENT_DATABASE_URL: env
    .url()
    .default("postgresql://postgres@127.0.0.1:5432/preprint_payment")
    .describe("this service's PostgreSQL database"),
  ...messagingEnv,
  PAYMENT_QUEUE: env.string().default("payment").describe("this service's durable queue (refund.requested)"),
  JWT_SECRET: env.secret(32).describe("verifies user access tokens"),
  INTERNAL_JWT_SECRET: env.secret(32).describe("signs/verifies service-to-service tokens"),
  RESERVATION_URL: env.url().default("http://127.0.0.1:8081").describe("reservation service (internal reads)"),
  PUBLIC_BASE_URL: env.url().default("http://localhost:8080").describe("public site origin, for the browser redirectUrl"),

  PORTONE_MODE: z
    .enum(["sandbox", "test", "live"])
    .default("sandbox")
    .describe(
      "sandbox = apps/portone-sandbox; test = real PortOne, TEST channels only (the PG cancels a test payment the same day); live = real PortOne, LIVE channels only",
    ),
  PORTONE_API_BASE_URL: env.url().default("http://127.0.0.1:8090").describe("PortOne REST origin (test and live: https://api.portone.io)"),
  PORTONE_API_SECRET: z.string().min(1).optional().describe("PortOne V2 API secret"),
  PORTONE_WEBHOOK_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe("Standard Webhooks secret (whsec_…); a comma list holds two during a rotation"),
  PORTONE_WEBHOOK_SECRET_PREVIOUS: z
    .string()
    .min(1)
    .optional()
    .describe("the secret being rotated out, accepted alongside PORTONE_WEBHOOK_SECRET until it is deleted in the console"),
  PORTONE_STORE_ID: z.string().min(1).optional().describe("PortOne store id (store-…)"),
  PORTONE_CHANNEL_KEY_CARD: z.string().min(1).default("channel-key-smartro-card").describe("channel key for CARD"),
  PORTONE_CHANNEL_KEY_EASY_PAY: z.string().min(1).default("channel-key-smartro-easypay").describe("channel key for EASY_PAY"),
  PORTONE_TEST_CHANNEL_KEYS: env.list().describe("channel keys known to be TEST channels (the test stage's); live refuses them"),
  PORTONE_PROBE: env.bool(true).describe("test/live: prove the API secret and store id with one PortOne call at start-up"),
  PORTONE_CHECKOUT_URL: env.url().optional().describe("sandbox only: checkout page origin (default PORTONE_API_BASE_URL)"),
  PORTONE_SANDBOX_HOOKS: env.bool(false).describe("sandbox only: allow sandbox conveniences (checkoutUrl); refused in test and live"),
  PORTONE_TIMEOUT_MS: env.int(60_000).describe("timeout of one PortOne REST call (PortOne: at least 60 s)"),

  RECONCILE_ENABLED: env.bool(true).describe("run the reconciliation job in this process"),
  RECONCILE_INTERVAL_MS: env.int(30_000).describe("how often the reconciliation job looks for work"),
  RECONCILE_PENDING_AFTER_MS: env.int(60_000).describe("a PENDING payment older than this is re-fetched from PortOne"),
  RECONCILE_ABANDON_AFTER_MS: env.int(3_600_000).describe("a PENDING payment PortOne never saw paid is EXPIRED after this"),
  RECONCILE_BATCH: env.int(20).describe("payments/refunds claimed per run"),
  RECONCILE_LEASE_MS: env
    .int(600_000)
    .describe("how long a claimed item is hidden from other replicas; must exceed one attempt's worst case (src/domain/leases.ts)"),
  RECONCILE_APPROVED_WINDOW_DAYS: env
    .int(60)
    .describe("APPROVED payments approved within this many days are re-checked at PortOne for cancellations made outside the app"),
  RECONCILE_APPROVED_EVERY_MS: env
    .int(21_600_000)
    .describe(
      "how often one APPROVED payment inside the window is re-checked (PortOne calls per day = payments in the window × 86 400 000 / this)",
    ),
  RECONCILE_UNKNOWN_LOOKBACK_MS: env
    .int(7_200_000)
    .describe("each run lists payments PortOne marked PAID within this look-back and cancels those whose id we never issued (0: off)"),
  REFUND_RETRY_AFTER_MS: env.int(30_000).describe("a REQUESTED refund not finished after this is retried by the job"),
  PORTONE_COOLDOWN_MS: env
    .int(3_000)
    .pipe(z.number().int().min(0))
    .describe(
      "per payment, at most one PortOne call per this many ms for /complete and one for /checkout (0 = off); within it the answer comes from our record",
    ),
  RETENTION_INTERVAL_MS: env.int(3_600_000).pipe(z.number().int().min(1000)).describe("how often the retention job runs"),
  IDEMPOTENCY_KEY_RETENTION_HOURS: env
    .int(24)
    .pipe(z.number().int().min(1))
    .describe("hours a stored Idempotency-Key response (it holds the customer's contact data) is replayed, then deleted"),
  INBOX_RETENTION_DAYS: env
    .int(30)
    .pipe(z.number().int().min(1))
    .describe("days a consumed event id is remembered for dedupe, then deleted"),
  WEBHOOK_RECEIPT_RETENTION_DAYS: env
    .int(30)
    .pipe(z.number().int().min(1))
    .describe("days a PortOne webhook receipt is kept (dedupe of PortOne's re-sends, audit), then deleted"),
  RELAY_INTERVAL_MS: env
    .int(1_000)
    .describe("outbox relay fallback poll (NOTIFY wakes it at once; this catches a missed NOTIFY and rows waiting out a back-off)"),
};

export type PaymentConfig = z.infer<z.ZodObject<typeof shape>> & {
  PORTONE_API_SECRET: string;
  PORTONE_WEBHOOK_SECRET: string;
  PORTONE_STORE_ID: string;
};

/**
 * Every webhook secret accepted now: PORTONE_WEBHOOK_SECRET (one, or a comma list) and
 * PORTONE_WEBHOOK_SECRET_PREVIOUS. PortOne keeps at most two per mode so a rotation never drops a
 * webhook: add the new one in the console, deploy both, then delete the old one.
 */
export function webhookSecrets(c: { PORTONE_WEBHOOK_SECRET?: string; PORTONE_WEBHOOK_SECRET_PREVIOUS?: string }): string[] {
  const all = [...(c.PORTONE_WEBHOOK_SECRET ?? "").split(","), ...(c.PORTONE_WEBHOOK_SECRET_PREVIOUS ?? "").split(",")]
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(all)];
}

/**
 * Config problems that zod alone cannot see: secrets required in every mode, and test and live
 * refusing anything sandbox-like or example-like (src/startup/stage-checks.ts). Each line names the variable.
 */
export function modeProblems(c: z.infer<z.ZodObject<typeof shape>>): string[] {
  const p: string[] = [];
  for (const key of ["PORTONE_API_SECRET", "PORTONE_WEBHOOK_SECRET", "PORTONE_STORE_ID"] as const) {
    if (!c[key]) p.push(`${key}: required`);
  }
  const secrets = webhookSecrets(c);
  for (const s of secrets) {
    const raw = s.replace(/^whsec_/, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) p.push("PORTONE_WEBHOOK_SECRET: must be whsec_<base64> (each one, when two are given)");
  }
  if (secrets.length > 2)
    p.push(`PORTONE_WEBHOOK_SECRET: ${secrets.length} secrets given; PortOne keeps at most two (the new and the previous)`);
  p.push(...stageProblems({ ...c, webhookSecrets: secrets }));
  return p;
}

export function loadPaymentConfig(source: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const c = loadConfig(shape, source, { service: "payment" });
  const problems = [...modeProblems(c), ...leaseProblems(c)];
  if (problems.length > 0) {
    const message = `payment: invalid configuration (PORTONE_MODE=${c.PORTONE_MODE})\n${problems.map((l) => `  ${l}`).join("\n")}`;
    if (source.NODE_ENV !== "test") {
      process.stderr.write(message + "\n");
      process.exit(1);
    }
    throw new ConfigError(message);
  }
  return c as PaymentConfig;
}
