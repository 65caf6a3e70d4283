import os from "node:os";
import { z } from "zod";
import { env, loadConfig, messagingEnv } from "@preprint/service-kit";
import { DEFAULT_REFUND_POLICY, type RefundPolicy } from "./domain/refund-policy";

// tiers / afterStartPercent are the older shape's pre-printing deductions; 전자상거래법 §17 allows
// none before printing starts, so they are accepted only when every one of them is 100.
const refundPolicySchema = z
  .object({
    version: z.string().min(1).max(40),
    printingPercent: z.number().int().min(0).max(100),
    readyPercent: z.number().int().min(0).max(100),
    tiers: z.array(z.object({ percent: z.number().int() }).loose()).optional(),
    afterStartPercent: z.number().int().optional(),
  })
  .superRefine((p, ctx) => {
    const before = [...(p.tiers ?? []).map((t) => t.percent), ...(p.afterStartPercent === undefined ? [] : [p.afterStartPercent])];
    if (before.some((x) => x !== 100)) {
      ctx.addIssue({
        code: "custom",
        message: "no deduction is allowed before printing starts (전자상거래법 §17): every tier and afterStartPercent must be 100",
      });
    }
  })
  .transform((p): RefundPolicy => ({ version: p.version, printingPercent: p.printingPercent, readyPercent: p.readyPercent }));

export const configShape = {
  PORT: env.port(8081).describe("HTTP port"),
  RESERVATION_DATABASE_URL: env
    .url()
    .default("postgresql://postgres@127.0.0.1:5432/preprint_reservation")
    .describe("PostgreSQL of this service"),
  // AMQP_URL, EVENTS_EXCHANGE, QUEUE_PREFIX (the queue is `<QUEUE_PREFIX>reservation`)
  ...messagingEnv,
  AMQP_QUEUE_PREFIX: z.string().default("").describe("the older name of QUEUE_PREFIX, used when QUEUE_PREFIX is empty"),
  LOG_LEVEL: z.string().optional().describe("pino level (default info, warn under NODE_ENV=test)"),
  JWT_SECRET: env.secret(32).describe("verifies user access tokens"),
  INTERNAL_JWT_SECRET: env.secret(32).describe("verifies service tokens on /internal routes"),
  RESERVATION_HOLD_MINUTES: env.int(10).pipe(z.number().int().min(1).max(120)).describe("minutes an unpaid reservation holds its slot"),
  UPLOAD_MAX_BYTES: env
    .int(30 * 1024 * 1024)
    .pipe(z.number().int().min(1024))
    .describe("largest PDF accepted; the gateway's MAX_UPLOAD_BYTES, which the memory and disk budgets assume"),
  UPLOAD_MAX_PAGES: env.int(500).pipe(z.number().int().min(1)).describe("most pages in one PDF"),
  UPLOAD_TMP_DIR: z.string().min(1).default(os.tmpdir()).describe("folder where uploads are staged while they are received and checked"),
  UPLOAD_MAX_IN_FLIGHT: env
    .int(32)
    .pipe(z.number().int().min(1))
    .describe("uploads received, checked or stored at once; beyond, 503 UPLOADS_BUSY before a byte is staged"),
  PDF_INSPECT_PER_ACCOUNT: env
    .int(2)
    .pipe(z.number().int().min(1))
    .describe("PDFs of one account checked or waiting at once; beyond, 503 UPLOADS_BUSY"),
  PDF_INSPECT_CONCURRENCY: env.int(2).pipe(z.number().int().min(1).max(16)).describe("PDFs checked at once (one worker thread each)"),
  PDF_INSPECT_QUEUE: env.int(32).pipe(z.number().int().min(0)).describe("PDFs waiting for a worker; beyond, 503 UPLOADS_BUSY"),
  PDF_INSPECT_TIMEOUT_MS: env
    .int(10_000)
    .pipe(z.number().int().min(100))
    .describe("a check still running after this is stopped: 422 PDF_TOO_COMPLEX"),
  PDF_INSPECT_HEAP_MB: env.int(128).pipe(z.number().int().min(16)).describe("heap limit of one inspection worker"),
  PDF_MAX_DECODED_BYTES: env
    .int(32 * 1024 * 1024)
    .pipe(z.number().int().min(1024))
    .describe("what a PDF's compressed streams may expand to while it is checked"),
  UPLOAD_RETENTION_DAYS: env.int(7).pipe(z.number().int().min(0)).describe("days files are kept after pickup, cancellation or expiry"),
  UNUSED_UPLOAD_RETENTION_DAYS: env.int(2).pipe(z.number().int().min(0)).describe("days an upload that was never reserved is kept"),
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local").describe("where uploaded files go"),
  STORAGE_LOCAL_DIR: z.string().min(1).default("var/uploads").describe("folder for the local driver"),
  S3_BUCKET: z.string().optional().describe("bucket (s3 driver)"),
  S3_REGION: z.string().default("ap-northeast-2").describe("region (s3 driver)"),
  S3_ENDPOINT: z.string().optional().describe("S3-compatible endpoint, e.g. MinIO or NCP Object Storage (s3 driver)"),
  S3_FORCE_PATH_STYLE: env.bool(false).describe("path-style bucket addressing (MinIO)"),
  S3_ACCESS_KEY_ID: z.string().optional().describe("credentials (s3 driver); default AWS credential chain"),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe("credentials (s3 driver)"),
  REFUND_POLICY_JSON: z
    .string()
    .optional()
    .transform((v, ctx): RefundPolicy => {
      if (!v) return DEFAULT_REFUND_POLICY;
      try {
        return refundPolicySchema.parse(JSON.parse(v));
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `not a valid refund policy: ${(err as Error).message}` });
        return z.NEVER;
      }
    })
    .describe(
      "the published refund policy as JSON {version, printingPercent, readyPercent} (default: full refund before printing; 50% once printing, 0% once READY, only with the made-to-order consent)",
    ),
  EXPIRY_INTERVAL_MS: env.int(5000).describe("how often the expiry job runs"),
  RETENTION_INTERVAL_MS: env.int(3600_000).describe("how often the retention jobs run"),
  IDEMPOTENCY_KEY_RETENTION_HOURS: env
    .int(24)
    .pipe(z.number().int().min(1))
    .describe("hours a stored Idempotency-Key response is replayed, then deleted"),
  INBOX_RETENTION_DAYS: env
    .int(30)
    .pipe(z.number().int().min(1))
    .describe("days a consumed event id is remembered for dedupe, then deleted"),
};

export type Config = ReturnType<typeof loadReservationConfig>;

export function loadReservationConfig(source: NodeJS.ProcessEnv = process.env) {
  const cfg = loadConfig(configShape, source, { service: "reservation" });
  if (cfg.STORAGE_DRIVER === "s3" && !cfg.S3_BUCKET) {
    const msg = "reservation: invalid configuration\n  S3_BUCKET: required when STORAGE_DRIVER=s3";
    if (source.NODE_ENV === "test") throw new Error(msg);
    process.stderr.write(msg + "\n");
    process.exit(1);
  }
  return cfg;
}
