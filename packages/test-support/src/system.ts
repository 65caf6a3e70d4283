import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startApp, type AppProcess } from "./app-process";
import { createTestDatabase, type TestDatabase } from "./database";
import { uniqueName } from "./wait";

/** The monorepo root (this file is packages/test-support/{src,dist}/system.*). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
const MIGRATE = path.join(REPO_ROOT, "packages/prisma-migrate-offline/bin/prisma-wasm-migrate.mjs");

export const SERVICES = ["reservation", "payment", "notification", "gateway"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface SystemOptions {
  /** Extra env for every app (after the generated values). */
  env?: Record<string, string>;
  /** Extra env per app. */
  appEnv?: Partial<Record<ServiceName | "portone-sandbox", Record<string, string>>>;
  /** Demo accounts the gateway seed creates (customer + staff of the demo store). */
  demoPassword?: string;
  readyTimeoutMs?: number;
}

export interface RunningSystem {
  /** gateway origin, e.g. http://127.0.0.1:41234 — the browser's only entry */
  baseUrl: string;
  urls: Record<ServiceName | "portone-sandbox", string>;
  apps: AppProcess[];
  demo: { customerEmail: string; staffEmail: string; password: string; storeId: string };
  /** The env every app got (secrets included: tests call the sandbox's PortOne API with them). */
  env: Record<string, string>;
  /** A tail of every app's output (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cwd)}: ${args.join(" ")} exited ${code}\n${out.slice(-3000)}`))));
  });
}

/**
 * The whole system from built apps, isolated for one test file: four fresh databases (migrated,
 * demo store and demo accounts seeded), a private RabbitMQ exchange and queue names, free ports,
 * temp folders for uploads and mail. Order: sandbox, reservation, payment, notification, gateway,
 * each awaited on /health/ready. Needs every app built (`turbo run build`).
 */
export async function startSystem(opts: SystemOptions = {}): Promise<RunningSystem> {
  const appDir = (name: string) => path.join(REPO_ROOT, "apps", name);
  for (const name of [...SERVICES, "portone-sandbox"]) {
    if (!existsSync(path.join(appDir(name), "dist/main.js"))) throw new Error(`apps/${name} is not built (dist/main.js missing): run the build first`);
  }
  const tag = uniqueName("sys").replace(/[^a-z0-9_]/gi, "_");
  const tmp = mkdtempSync(path.join(os.tmpdir(), `preprint-${tag}-`));
  const dbs: Partial<Record<ServiceName, TestDatabase>> = {};
  const apps: AppProcess[] = [];
  const stop = async () => {
    for (const a of [...apps].reverse()) await a.stop().catch(() => undefined);
    await Promise.all(Object.values(dbs).map((d) => d!.drop().catch(() => undefined)));
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    for (const s of SERVICES) dbs[s] = await createTestDatabase(`e2e_${s.slice(0, 5)}`);
    const [pSandbox, pRsv, pPay, pNtf, pGw] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const urls = {
      "portone-sandbox": `http://127.0.0.1:${pSandbox}`,
      reservation: `http://127.0.0.1:${pRsv}`,
      payment: `http://127.0.0.1:${pPay}`,
      notification: `http://127.0.0.1:${pNtf}`,
      gateway: `http://127.0.0.1:${pGw}`,
    };
    const demo = {
      customerEmail: `customer-${tag}@preprint.local`.toLowerCase(),
      staffEmail: `staff-${tag}@preprint.local`.toLowerCase(),
      password: opts.demoPassword ?? "preprint-e2e-1234",
      storeId: "sto_sinchon",
    };
    const secret = () => randomBytes(32).toString("base64url");
    const common: Record<string, string> = {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      OTEL_TRACES_EXPORTER: "none",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      AMQP_URL: process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672",
      EVENTS_EXCHANGE: `${tag}.events`,
      JWT_SECRET: secret(),
      INTERNAL_JWT_SECRET: secret(),
      PUBLIC_BASE_URL: urls.gateway,
      RESERVATION_URL: urls.reservation,
      PAYMENT_URL: urls.payment,
      NOTIFICATION_URL: urls.notification,
      PORTONE_API_BASE_URL: urls["portone-sandbox"],
      PORTONE_API_SECRET: secret(),
      PORTONE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
      PORTONE_STORE_ID: "store-e2e-sandbox",
      PORTONE_CHANNEL_KEY_CARD: "channel-key-smartro-card",
      PORTONE_CHANNEL_KEY_EASY_PAY: "channel-key-smartro-easypay",
      RESERVATION_DATABASE_URL: dbs.reservation!.url,
      PAYMENT_DATABASE_URL: dbs.payment!.url,
      NOTIFICATION_DATABASE_URL: dbs.notification!.url,
      GATEWAY_DATABASE_URL: dbs.gateway!.url,
      ...opts.env,
    };
    const perApp: Record<string, Record<string, string>> = {
      "portone-sandbox": { SANDBOX_WEBHOOK_URL: `${urls.gateway}/api/payments/webhooks/portone` },
      reservation: { AMQP_QUEUE_PREFIX: `${tag}.`, STORAGE_LOCAL_DIR: path.join(tmp, "uploads"), EXPIRY_INTERVAL_MS: "1000" },
      payment: { PAYMENT_QUEUE: `${tag}.payment`, PORTONE_MODE: "sandbox", RELAY_INTERVAL_MS: "200" },
      notification: { QUEUE_PREFIX: `${tag}.`, MAIL_DIR: path.join(tmp, "mail"), EMAIL_POLL_MS: "500" },
      gateway: {
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
    const envOf = (name: string) => ({ ...common, ...perApp[name], ...opts.appEnv?.[name as ServiceName] });

    await Promise.all(
      SERVICES.map((s) => run(process.execPath, [MIGRATE, "deploy"], appDir(s), { ...envOf(s), DATABASE_URL: dbs[s]!.url })),
    );
    await run(process.execPath, ["dist/seed.js"], appDir("reservation"), envOf("reservation"));
    await run(process.execPath, ["dist/cli/seed.js"], appDir("gateway"), envOf("gateway"));

    const ports: Record<string, number> = { "portone-sandbox": pSandbox, reservation: pRsv, payment: pPay, notification: pNtf, gateway: pGw };
    for (const name of ["portone-sandbox", ...SERVICES]) {
      apps.push(await startApp({ name, cwd: appDir(name), env: envOf(name), port: ports[name], timeoutMs: opts.readyTimeoutMs ?? 30_000 }));
    }
    return {
      baseUrl: urls.gateway,
      urls,
      apps,
      demo,
      env: common,
      output: () => apps.map((a) => `--- ${a.name} ---\n${a.output().slice(-3000)}`).join("\n"),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
