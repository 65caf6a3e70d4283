/**
 * Fault-suite helpers on top of the system harness (`../src` startSystem) and the e2e helpers
 * (`../test/helpers`). What the harness does not offer and a fault test needs: restart one app
 * (after SIGKILL or with a changed env), start a second replica of an app, read the services'
 * databases, publish raw events, and run the money invariant checker (@preprint/ops).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { checkMoney, formatReport, type CheckResult } from "@preprint/ops";
import { waitFor } from "@preprint/test-support";
import { freePort, startApp, type AppProcess } from "@preprint/test-support/app-process";
import { Api, APP_NAMES, readyPathOf, type AppName, type RunningSystem } from "../src";
import { item, reserve, type Customer } from "../test/helpers";

/** The first running process of that app (the original, or what replaced it). */
export function appOf(sys: RunningSystem, name: AppName): AppProcess {
  const a = sys.apps.find((x) => x.name === name);
  if (!a) throw new Error(`no ${name} process`);
  return a;
}

/** The env of processes this module launched (restarts, replicas): the harness's plus overrides. */
const launchedEnv = new WeakMap<AppProcess, Record<string, string>>();

/**
 * The env an app process was started with: the harness's (`sys.envOf`, see decision 0101) or, for
 * a process launched here, that plus its overrides (a restart keeps an earlier restart's overrides).
 */
export function envOf(sys: RunningSystem, app: AppProcess): Record<string, string> {
  const launched = launchedEnv.get(app);
  if (launched) return { ...launched };
  if (!(APP_NAMES as readonly string[]).includes(app.name)) throw new Error(`${app.name} was not started by the harness`);
  return sys.envOf(app.name as AppName);
}

async function launch(
  sys: RunningSystem,
  name: AppName,
  env: Record<string, string>,
  port: number,
  label: string = name,
): Promise<AppProcess> {
  const app = await startApp({ name: label, cwd: sys.cwdOf(name), env, port, readyPath: readyPathOf(name), timeoutMs: 60_000 });
  launchedEnv.set(app, env);
  // the harness's stop() walks this array: replicas and restarts are stopped and cleaned up with the system
  sys.apps.push(app);
  return app;
}

/** Kills an app (SIGKILL: no graceful shutdown, nothing flushed) and leaves it dead; `restart` brings it back. */
export async function kill(sys: RunningSystem, name: AppName): Promise<AppProcess> {
  const app = appOf(sys, name);
  const exited = new Promise((resolve) => (app.child.exitCode !== null ? resolve(undefined) : app.child.once("exit", resolve)));
  app.child.kill("SIGKILL");
  await exited;
  return app;
}

/**
 * Replaces an app by a new process on the same port (others know it by URL) with the same env
 * plus `overrides`. A live process is stopped gracefully first; a killed one is just replaced.
 */
export async function restart(sys: RunningSystem, name: AppName, overrides: Record<string, string> = {}): Promise<AppProcess> {
  const old = appOf(sys, name);
  const env = { ...envOf(sys, old), ...overrides };
  if (old.child.exitCode === null && old.child.signalCode === null) await old.stop(10_000);
  sys.apps.splice(sys.apps.indexOf(old), 1);
  return launch(sys, name, env, old.port);
}

/** A second process of an app: same env (database, queues, secrets) plus `overrides`, on a new port. */
export async function replica(sys: RunningSystem, name: AppName, overrides: Record<string, string> = {}): Promise<AppProcess> {
  // a gateway replica needs an operations port of its own too
  const ops: Record<string, string> = name === "gateway" ? { OPS_PORT: String(await freePort()) } : {};
  const env = { ...envOf(sys, appOf(sys, name)), ...ops, ...overrides };
  return launch(sys, name, env, await freePort(), `${name}#2`);
}

export type Db = "reservation" | "payment" | "notification" | "gateway";

/** Each service's database URL, as the apps got it (the sandbox has the common env with all four). */
export function dbUrl(sys: RunningSystem, db: Db): string {
  const url = sys.envOf("portone-sandbox")[`${db.toUpperCase()}_DATABASE_URL`];
  if (!url) throw new Error(`${db} database URL not found`);
  return url;
}

/** One query on a service's database (a short-lived connection: tests read the effect, never change state unless they say so). */
export async function sql<T = any>(sys: RunningSystem, db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: dbUrl(sys, db) });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The money invariant checker over this system's three databases and its PortOne sandbox; no grace period. */
export async function moneyCheck(sys: RunningSystem): Promise<CheckResult> {
  return checkMoney({
    reservationDatabaseUrl: dbUrl(sys, "reservation"),
    paymentDatabaseUrl: dbUrl(sys, "payment"),
    notificationDatabaseUrl: dbUrl(sys, "notification"),
    portone: { baseUrl: sys.urls["portone-sandbox"], secret: sys.secrets.portoneApi, storeId: sys.portoneStoreId },
    graceMs: 0,
  });
}

/** Runs the checker until it reports nothing (events may still be settling), or fails with its report. */
export async function expectNoMoneyFindings(sys: RunningSystem, timeoutMs = 20_000): Promise<CheckResult> {
  let last: CheckResult | undefined;
  try {
    return await waitFor(
      async () => {
        last = await moneyCheck(sys);
        return last.findings.length === 0 ? last : undefined;
      },
      { timeoutMs, intervalMs: 500, description: "money check without findings" },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${last ? formatReport(last) : ""}`, { cause: err });
  }
}

/** The sandbox's fault rules (POST/DELETE /__sandbox/faults). */
export async function sandboxFaults(sys: RunningSystem, rules: { webhooks?: unknown[]; rest?: unknown[] } | "clear"): Promise<void> {
  const url = `${sys.urls["portone-sandbox"]}/__sandbox/faults`;
  const res =
    rules === "clear"
      ? await fetch(url, { method: "DELETE" })
      : await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rules) });
  if (res.status >= 300) throw new Error(`sandbox faults: ${res.status} ${await res.text()}`);
}

/** A reservation through the gateway (201 expected). */
export async function book(
  api: Api,
  c: Customer,
  storeId: string,
  slotId: string,
  uploadId: string,
  copies = 1,
): Promise<{ id: string; totalAmount: number }> {
  const res = await reserve(api, c, storeId, slotId, [item(uploadId, copies)]);
  if (res.status !== 201) throw new Error(`reserve: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, totalAmount: res.body.totalAmount };
}

/** POST /api/payments/checkout through the gateway (201 expected); returns the paymentId. */
export async function checkout(api: Api, c: Customer, reservationId: string): Promise<string> {
  const res = await api.post("/api/payments/checkout", { reservationId, payMethod: "CARD" }, { token: c.token });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.paymentId;
}

/** Status counts of one reservation's audit trail: how often it entered each state. */
export async function transitions(sys: RunningSystem, reservationId: string): Promise<Record<string, number>> {
  const rows = await sql<{ to_status: string; n: number }>(
    sys,
    "reservation",
    `SELECT to_status, count(*)::int AS n FROM audit_log WHERE reservation_id = $1 GROUP BY to_status`,
    [reservationId],
  );
  return Object.fromEntries(rows.map((r) => [r.to_status, r.n]));
}

/** How many notifications of `type` the customer got for one reservation. */
export async function notificationCount(sys: RunningSystem, type: string, reservationId: string): Promise<number> {
  const [row] = await sql<{ n: number }>(
    sys,
    "notification",
    `SELECT count(*)::int AS n FROM notifications WHERE type = $1 AND data->>'reservationId' = $2`,
    [type, reservationId],
  );
  return row.n;
}

/** Events of one type in a service's outbox that concern one payment / reservation. */
export async function outboxCount(
  sys: RunningSystem,
  db: Db,
  type: string,
  key: "paymentId" | "reservationId",
  value: string,
): Promise<number> {
  const [row] = await sql<{ n: number }>(
    sys,
    db,
    `SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->'data'->>$2 = $3`,
    [type, key, value],
  );
  return row.n;
}

/** Every app process still running and ready. */
export async function expectAllReady(sys: RunningSystem): Promise<void> {
  for (const a of sys.apps) {
    expect({ app: a.name, exitCode: a.child.exitCode, signal: a.child.signalCode }).toEqual({ app: a.name, exitCode: null, signal: null });
    // the gateway's readiness is on its operations port
    const base = a.name.startsWith("gateway") ? `http://127.0.0.1:${envOf(sys, a).OPS_PORT}` : a.url;
    const res = await fetch(`${base}/health/ready`);
    expect({ app: a.name, ready: res.status }).toEqual({ app: a.name, ready: 200 });
  }
}

/** With PREPRINT_FAULT_DUMP=<dir>, writes every app process's full output there (for post-mortems). */
export function dumpOutputs(sys: RunningSystem | undefined, file: string): void {
  const dir = process.env.PREPRINT_FAULT_DUMP;
  if (!dir || !sys) return;
  mkdirSync(dir, { recursive: true });
  sys.apps.forEach((a, i) => writeFileSync(path.join(dir, `${path.basename(file)}.${i}.${a.name}.log`), a.output()));
}
