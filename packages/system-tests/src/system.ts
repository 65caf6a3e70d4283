import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import amqp from "amqplib";
import { DEFAULT_RETRY_DELAYS_MS, queueNames } from "@preprint/messaging";
import { AMQP_URL, createTestDatabase, MailCatcher, runMigrations, uniqueName, type TestDatabase } from "@preprint/test-support";
import { freePort, startApp, type AppProcess } from "@preprint/test-support/app-process";
import { OtlpReceiver } from "./otlp";

/** The monorepo root (this file is packages/system-tests/{src,dist}/system.*). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** Services with a database, in the order they start after the sandbox (the gateway aggregates the others' health). */
export const SERVICES = ["reservation", "payment", "notification", "printing", "gateway"] as const;
export type ServiceName = (typeof SERVICES)[number];
export type AppName = ServiceName | "portone-sandbox";
export const APP_NAMES: readonly AppName[] = ["portone-sandbox", ...SERVICES];

/** apps/reservation/src/seed.ts DEMO_STORE_ID */
export const DEMO_STORE_ID = "sto_sinchon";

export interface SystemOptions {
  /** Minutes an unpaid reservation holds its slot (reservation's minimum is 1). Default 1. */
  holdMinutes?: number;
  /** Start an OTLP/HTTP JSON receiver and export every app's traces to it. Default false. */
  traces?: boolean;
  /** Extra env per app, applied last. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  readyTimeoutMs?: number;
}

export interface SystemSecrets {
  jwt: string;
  internalJwt: string;
  portoneApi: string;
  portoneWebhook: string;
}

export interface RunningSystem {
  /** the gateway's origin: the only public entry */
  baseUrl: string;
  urls: Record<AppName, string>;
  apps: AppProcess[];
  /** per-run names: exchange, queue prefix, database names */
  names: { tag: string; exchange: string; queues: string[]; databases: string[] };
  secrets: SystemSecrets;
  portoneStoreId: string;
  demo: { customerEmail: string; staffEmail: string; password: string; storeId: string };
  mail: MailCatcher;
  /** set when started with `traces: true` */
  otlp?: OtlpReceiver;
  /**
   * A copy of the env the harness started that app with: its own settings (common + per-app +
   * `appEnv`), not the inherited `process.env` (`startApp` merges that in again) and not `PORT`
   * (set from the port). What a restart or a second replica of the app needs, with `cwdOf`.
   */
  envOf(app: AppName): Record<string, string>;
  /** The app's folder, the cwd of its process (`apps/<name>`, runs `node dist/main.js`). */
  cwdOf(app: AppName): string;
  /** The port each app was started on (its URL in `urls`). */
  ports: Record<AppName, number>;
  /** The gateway's operations server (metrics, readiness; never the public port). */
  opsUrl: string;
  /** The tail of every app's output (for failure messages). */
  output(): string;
  /** Stops every process, drops the databases, deletes the exchange and queues, stops SMTP/OTLP. Idempotent. */
  stop(): Promise<void>;
}

function run(args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`apps/${path.basename(cwd)}: node ${args.join(" ")} exited ${code}\n${out.slice(-3000)}`)),
    );
  });
}

async function deleteBrokerObjects(amqpUrl: string, exchange: string, queues: string[]): Promise<void> {
  const conn = await amqp.connect(amqpUrl);
  try {
    let ch = await conn.createChannel();
    for (const q of queues) {
      try {
        await ch.deleteQueue(q);
      } catch {
        // a failed delete closes the channel; a missing queue is fine
        ch = await conn.createChannel();
      }
    }
    try {
      await ch.deleteExchange(exchange);
    } catch {
      /* never declared */
    }
    await ch.close().catch(() => undefined);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/**
 * What to poll on an app's own port until it is up: the gateway answers readiness only on its
 * operations port, so on the public one it is its liveness (the seed already reached its database).
 */
export function readyPathOf(name: string): string {
  return name.startsWith("gateway") ? "/health/live" : "/health/ready";
}

/**
 * The whole system from the built apps (`dist/main.js`), isolated for one test file:
 * - four fresh PostgreSQL databases, migrated with `prisma-wasm-migrate deploy` and seeded with the
 *   apps' own seed scripts (demo store; demo customer and staff);
 * - its own RabbitMQ exchange and queue names;
 * - random JWT, internal-token and PortOne secrets;
 * - a real SMTP server (notification's SMTP_URL) and, optionally, an OTLP receiver;
 * - the sandbox's webhooks pointed at the gateway; short job intervals;
 * - every app on a free port, started in dependency order and awaited on /health/ready.
 */
export async function startSystem(opts: SystemOptions = {}): Promise<RunningSystem> {
  const appDir = (name: AppName) => path.join(REPO_ROOT, "apps", name);
  for (const name of APP_NAMES) {
    if (!existsSync(path.join(appDir(name), "dist/main.js"))) {
      throw new Error(`apps/${name} is not built (dist/main.js missing): run \`pnpm exec turbo run build\` first`);
    }
  }
  const amqpUrl = AMQP_URL;
  const tag = uniqueName("sys");
  const exchange = `${tag}.events`;
  const queueOf = {
    reservation: `${tag}.reservation`,
    payment: `${tag}.payment`,
    notification: `${tag}.notification`,
    printing: `${tag}.printing`,
  };
  const queues = Object.values(queueOf).flatMap((q) => {
    const n = queueNames(q, DEFAULT_RETRY_DELAYS_MS);
    return [n.main, n.dlq, ...n.retry.map((r) => r.name)];
  });
  const tmp = mkdtempSync(path.join(os.tmpdir(), `preprint-${tag}-`));
  const dbs: Partial<Record<ServiceName, TestDatabase>> = {};
  const apps: AppProcess[] = [];
  const mail = new MailCatcher();
  const otlp = opts.traces ? new OtlpReceiver() : undefined;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      // gateway first, sandbox last: nothing is left calling a stopped process for long
      for (const a of [...apps].reverse()) await a.stop(10_000).catch(() => undefined);
      const problems: string[] = [];
      await Promise.all(Object.values(dbs).map((d) => d!.drop().catch((err: Error) => problems.push(`drop ${d!.name}: ${err.message}`))));
      await deleteBrokerObjects(amqpUrl, exchange, queues).catch((err: Error) => problems.push(`broker clean-up: ${err.message}`));
      await mail.stop();
      await otlp?.stop();
      rmSync(tmp, { recursive: true, force: true });
      if (problems.length) throw new Error(`system clean-up incomplete:\n${problems.join("\n")}`);
    })());

  try {
    const smtpUrl = await mail.start();
    const otlpUrl = otlp ? await otlp.start() : undefined;
    const dbList = await Promise.all(SERVICES.map((s) => createTestDatabase(`sys_${s.slice(0, 5)}`)));
    SERVICES.forEach((s, i) => (dbs[s] = dbList[i]));
    const ports = Object.fromEntries(await Promise.all(APP_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<
      AppName,
      number
    >;
    const urls = Object.fromEntries(APP_NAMES.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<AppName, string>;
    const opsPort = await freePort();
    const secrets: SystemSecrets = {
      jwt: randomBytes(32).toString("base64url"),
      internalJwt: randomBytes(32).toString("base64url"),
      portoneApi: `sandbox-${randomBytes(24).toString("base64url")}`,
      portoneWebhook: `whsec_${randomBytes(32).toString("base64")}`,
    };
    const portoneStoreId = `store-${tag.replace(/_/g, "-")}`;
    const demo = {
      customerEmail: `customer.${tag}@preprint.test`,
      staffEmail: `staff.${tag}@preprint.test`,
      password: `demo-${randomBytes(9).toString("base64url")}`,
      storeId: DEMO_STORE_ID,
    };
    const telemetryEnv: Record<string, string> = otlpUrl
      ? {
          OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "",
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_TRACES_EXPORTER: "otlp",
          // export within a fraction of a second (default batch delay is 5 s)
          OTEL_BSP_SCHEDULE_DELAY: "100",
          OTEL_TRACES_SAMPLER: "parentbased_always_on",
        }
      : // a developer's own OTEL_EXPORTER_OTLP_* must not pull the test system into their collector
        { OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "" };
    const common: Record<string, string> = {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.PREPRINT_SYSTEM_LOG_LEVEL ?? "warn",
      ...telemetryEnv,
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      AMQP_URL: amqpUrl,
      EVENTS_EXCHANGE: exchange,
      JWT_SECRET: secrets.jwt,
      INTERNAL_JWT_SECRET: secrets.internalJwt,
      PUBLIC_BASE_URL: urls.gateway,
      RESERVATION_URL: urls.reservation,
      PAYMENT_URL: urls.payment,
      NOTIFICATION_URL: urls.notification,
      PRINTING_URL: urls.printing,
      PORTONE_API_BASE_URL: urls["portone-sandbox"],
      PORTONE_API_SECRET: secrets.portoneApi,
      PORTONE_WEBHOOK_SECRET: secrets.portoneWebhook,
      PORTONE_STORE_ID: portoneStoreId,
      RESERVATION_DATABASE_URL: dbs.reservation!.url,
      PAYMENT_DATABASE_URL: dbs.payment!.url,
      NOTIFICATION_DATABASE_URL: dbs.notification!.url,
      PRINTING_DATABASE_URL: dbs.printing!.url,
      GATEWAY_DATABASE_URL: dbs.gateway!.url,
    };
    const perApp: Record<AppName, Record<string, string>> = {
      "portone-sandbox": {
        SANDBOX_WEBHOOK_URL: `${urls.gateway}/api/payments/webhooks/portone`,
        SANDBOX_WEBHOOK_TIME_SCALE: "0.0005",
        SANDBOX_WEBHOOK_TIMEOUT_MS: "5000",
      },
      reservation: {
        AMQP_QUEUE_PREFIX: `${tag}.`,
        STORAGE_LOCAL_DIR: path.join(tmp, "uploads"),
        RESERVATION_HOLD_MINUTES: String(opts.holdMinutes ?? 1),
        EXPIRY_INTERVAL_MS: "500",
      },
      payment: {
        PAYMENT_QUEUE: queueOf.payment,
        PORTONE_MODE: "sandbox",
        PORTONE_SANDBOX_HOOKS: "true",
        PORTONE_TIMEOUT_MS: "5000",
      },
      notification: {
        QUEUE_PREFIX: `${tag}.`,
        SMTP_URL: smtpUrl,
        MAIL_DIR: path.join(tmp, "mail"),
        EMAIL_POLL_MS: "200",
        EMAIL_RETRY_BASE_MS: "500",
      },
      printing: {
        QUEUE_PREFIX: `${tag}.`,
        PICKUP_CODE_SECRET: randomBytes(32).toString("base64url"),
      },
      gateway: {
        OPS_PORT: String(opsPort),
        SCRYPT_LOG_N: "14",
        RATE_LIMIT_AUTH_PER_MIN: "0",
        RATE_LIMIT_IP_RPS: "0",
        RATE_LIMIT_USER_RPS: "0",
        DEMO_CUSTOMER_EMAIL: demo.customerEmail,
        DEMO_STAFF_EMAIL: demo.staffEmail,
        DEMO_PASSWORD: demo.password,
        DEMO_STORE_ID: demo.storeId,
      },
    };
    const envOf = (name: AppName) => ({ ...common, ...perApp[name], ...opts.appEnv?.[name] });

    // the offline migration runner, exactly as `pnpm migrate:deploy` runs it
    await Promise.all(SERVICES.map((s) => runMigrations(appDir(s), dbs[s]!.url)));
    await run(["dist/seed.js"], appDir("reservation"), envOf("reservation"));
    await run(["dist/cli/seed.js"], appDir("gateway"), envOf("gateway"));

    for (const name of APP_NAMES) {
      apps.push(
        await startApp({
          name,
          cwd: appDir(name),
          env: envOf(name),
          port: ports[name],
          readyPath: readyPathOf(name),
          timeoutMs: opts.readyTimeoutMs ?? 60_000,
        }),
      );
    }
    return {
      baseUrl: urls.gateway,
      urls,
      apps,
      names: { tag, exchange, queues, databases: Object.values(dbs).map((d) => d!.name) },
      secrets,
      portoneStoreId,
      demo,
      mail,
      otlp,
      envOf: (name) => envOf(name),
      cwdOf: (name) => appDir(name),
      ports,
      opsUrl: `http://127.0.0.1:${opsPort}`,
      output: () => apps.map((a) => `--- ${a.name} ---\n${a.output().slice(-4000)}`).join("\n"),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
