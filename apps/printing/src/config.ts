import { z } from "zod";
import { env, loadConfig, messagingEnv } from "@preprint/service-kit";

export const configShape = {
  PORT: env.port(8084).describe("HTTP port"),
  LOG_LEVEL: z.string().optional().describe("pino level (default info, warn under NODE_ENV=test)"),
  PRINTING_DATABASE_URL: env
    .url()
    .default("postgresql://postgres@127.0.0.1:5432/preprint_printing")
    .describe("this service's own PostgreSQL database"),
  ...messagingEnv,
  JWT_SECRET: env.secret(32).describe("verifies staff and owner access tokens (same secret the gateway signs with)"),
  INTERNAL_JWT_SECRET: env.secret(32).describe("signs service tokens for the reservation service's internal routes"),
  RESERVATION_URL: env.url().default("http://127.0.0.1:8081").describe("the reservation service (items and documents of a reservation)"),
  PICKUP_CODE_SECRET: env
    .secret(32)
    .describe("key of the HMAC the pickup codes are kept under; changing it voids the codes of reservations already confirmed"),
  DISPATCH_INTERVAL_MS: env
    .int(30_000)
    .pipe(z.number().min(100))
    .describe("how often print-ahead jobs that are due are offered to the agents"),
  PURGE_INTERVAL_MS: env.int(600_000).pipe(z.number().min(100)).describe("how often reservations past their store's window are purged"),
  LONG_POLL_RECHECK_MS: env
    .int(1_000)
    .pipe(z.number().min(50))
    .describe("a waiting agent's request looks for jobs again this often (jobs made ready on another replica)"),
  INBOX_RETENTION_DAYS: env.int(30).pipe(z.number().int().min(1)).describe("days a consumed event id is remembered for dedupe"),
};

export type Config = z.infer<z.ZodObject<typeof configShape>>;

export function loadPrintingConfig(source: NodeJS.ProcessEnv = process.env, opts: { exitOnError?: boolean } = {}): Config {
  return loadConfig(configShape, source, { service: "printing", exitOnError: opts.exitOnError });
}
