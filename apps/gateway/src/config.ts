// the config module only (not the kit's index, which loads express): the cluster primary reads the
// config too and stays small (ADR 0051)
import { z } from "zod";
import { ConfigError, env, loadConfig } from "@preprint/service-kit/config";
import { cspSources, PAYMENT_ORIGINS } from "./edge/payment-origins";
import { gatewayStageProblems } from "./stage";
import { defaultWorkers } from "./workers";

export const configShape = {
  PORT: env.port(8080).describe("HTTP port"),
  HOST: z.string().default("0.0.0.0").describe("interface to listen on"),
  OPS_PORT: env.port(9080).describe("operations port: /metrics, /health/ready, /health/dependencies (never routed publicly)"),
  OPS_HOST: z
    .string()
    .default("127.0.0.1")
    .describe("interface of the operations port (the image sets 0.0.0.0 so Prometheus and probes reach it inside the cluster)"),
  NODE_ENV: z.string().default("development"),
  GATEWAY_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => defaultWorkers())
    .describe("node:cluster workers (default: one per usable core, cgroup CPU quota respected; 1 = no cluster)"),
  GATEWAY_DATABASE_URL: env
    .url()
    .default("postgresql://postgres@127.0.0.1:5432/preprint_gateway")
    .describe("PostgreSQL URL of the accounts database"),
  JWT_SECRET: env.secret(32).describe("HS256 secret for user access tokens (shared with the services)"),
  ACCESS_TOKEN_TTL_SEC: env.int(900).pipe(z.number().int().min(60).max(3600)).describe("access token lifetime"),
  REFRESH_TOKEN_TTL_SEC: env
    .int(14 * 24 * 3600)
    .pipe(z.number().int().min(300))
    .describe("refresh token lifetime (sliding: each rotation gets a new one)"),
  REFRESH_REUSE_GRACE_SEC: env
    .int(30)
    .pipe(z.number().int().min(0).max(30))
    .describe(
      "a rotated refresh token presented again this soon gets the same successor instead of revoking the family (two tabs at once); 0 = off",
    ),
  SCRYPT_LOG_N: env
    .int(15)
    .pipe(z.number().int().min(14).max(20))
    .describe("scrypt cost: N = 2^SCRYPT_LOG_N (r=8, p=1; 2^15 uses 32 MiB per hash)"),
  PUBLIC_BASE_URL: env.url().default("http://localhost:8080").describe("the public origin; https here makes cookies Secure"),
  PORTONE_MODE: z
    .enum(["sandbox", "test", "live"])
    .default("sandbox")
    .describe("the payment stage (the payment service's); test and live refuse an http public origin and placeholder secrets"),
  CORS_ORIGINS: env.list().describe("comma-separated origins allowed cross-origin (the public origin is always allowed)"),
  TRUST_PROXY_HOPS: env
    .int(0)
    .pipe(z.number().int().min(0).max(5))
    .describe("reverse proxies in front of the gateway whose X-Forwarded-For to trust"),
  RESERVATION_URL: env.url().default("http://127.0.0.1:8081"),
  PAYMENT_URL: env.url().default("http://127.0.0.1:8082"),
  NOTIFICATION_URL: env.url().default("http://127.0.0.1:8083"),
  PRINTING_URL: env.url().default("http://127.0.0.1:8084"),
  AGENT_POLL_TIMEOUT_MS: env
    .int(75_000)
    .pipe(z.number().int().min(100))
    .describe("the same for /api/agent (the print agent's long poll waits up to 60 s)"),
  UPSTREAM_TIMEOUT_MS: env
    .int(10_000)
    .pipe(z.number().int().min(100))
    .describe("time a service has to start answering (after the request body arrived)"),
  UPLOAD_TIMEOUT_MS: env.int(60_000).pipe(z.number().int().min(100)).describe("the same for /api/uploads"),
  PAYMENT_TIMEOUT_MS: env.int(20_000).pipe(z.number().int().min(100)).describe("the same for /api/payments (they call PortOne)"),
  MAX_BODY_BYTES: env
    .int(1024 * 1024)
    .pipe(z.number().int().min(1024))
    .describe("largest proxied request body, except uploads"),
  MAX_UPLOAD_BYTES: env
    .int(30 * 1024 * 1024)
    .pipe(z.number().int().min(1024))
    .describe("largest /api/uploads body"),
  UPSTREAM_MAX_SOCKETS: env.int(256).pipe(z.number().int().min(1)).describe("keep-alive sockets per service per worker"),
  UPSTREAM_STREAM_MAX_SOCKETS: env
    .int(512)
    .pipe(z.number().int().min(1))
    .describe("open SSE streams per worker, on sockets of their own (beyond: 503 STREAMS_BUSY)"),
  RATE_LIMIT_IP_RPS: z.coerce.number().min(0).default(50).describe("per client IP: sustained requests/s over /api (0 = off)"),
  RATE_LIMIT_IP_BURST: env.int(200).pipe(z.number().min(1)),
  RATE_LIMIT_USER_RPS: z.coerce.number().min(0).default(20).describe("per signed-in user: sustained requests/s (0 = off)"),
  RATE_LIMIT_USER_BURST: env.int(60).pipe(z.number().min(1)),
  RATE_LIMIT_AUTH_PER_MIN: env.int(20).pipe(z.number().min(0)).describe("per client IP: signup/login/refresh calls per minute (0 = off)"),
  LOGIN_MAX_FAILURES: env.int(5).pipe(z.number().int().min(1)).describe("failed logins per account+IP before a lockout"),
  LOGIN_LOCKOUT_BASE_SEC: env.int(30).pipe(z.number().int().min(1)).describe("first lockout; doubles with each further failure"),
  LOGIN_LOCKOUT_MAX_SEC: env.int(900).pipe(z.number().int().min(1)),
  WEB_DIST_DIR: z.string().default("../web/dist").describe("built web app served at / (relative to the gateway folder)"),
  CSP_EXTRA_SCRIPT: cspSources()
    .default(PAYMENT_ORIGINS.script)
    .describe("script-src origins besides 'self' (PortOne SDK, its drivers, the PGs' window scripts)"),
  CSP_EXTRA_CONNECT: cspSources().default(PAYMENT_ORIGINS.connect).describe("connect-src origins besides 'self' (the SDK's calls)"),
  CSP_EXTRA_FRAME: cspSources().default(PAYMENT_ORIGINS.frame).describe("frame-src origins besides 'self' (PC payment windows)"),
  CSP_EXTRA_FORM_ACTION: cspSources()
    .default(PAYMENT_ORIGINS.formAction)
    .describe("form-action origins besides 'self' (mobile payment windows)"),
  SHUTDOWN_TIMEOUT_MS: env.int(15_000),
  ACCESS_LOG_SAMPLE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe("share of fast successful proxied requests that get an access line (errors, 4xx/5xx and slow ones always do)"),
  ACCESS_LOG_SLOW_MS: env.int(1000).pipe(z.number().int().min(0)).describe("proxied requests at least this slow are always logged"),
};

export type GatewayConfig = z.infer<z.ZodObject<typeof configShape>>;

function checked(c: GatewayConfig, exitOnError: boolean): GatewayConfig {
  const problems = gatewayStageProblems(c);
  if (problems.length === 0) return c;
  const message = `gateway: invalid configuration (PORTONE_MODE=${c.PORTONE_MODE})\n${problems.map((l) => `  ${l}`).join("\n")}`;
  if (exitOnError) {
    process.stderr.write(message + "\n");
    process.exit(1);
  }
  throw new ConfigError(message);
}

export function readConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return checked(loadConfig(configShape, source, { service: "gateway" }), source.NODE_ENV !== "test");
}

/** Config for tests: the defaults plus what the test overrides, never exiting the process. */
export function testConfig(overrides: Record<string, string | undefined>): GatewayConfig {
  return checked(loadConfig(configShape, { NODE_ENV: "test", ...overrides }, { exitOnError: false, service: "gateway" }), false);
}
