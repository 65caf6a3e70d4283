#!/usr/bin/env node
// Starts every built app as its own process, waits until each is ready, prints
// the URL to open. Also a library: end-to-end tests and the benchmark start the system with it.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Start order matters only for readiness: the gateway aggregates the others' health. */
export const APPS = [
  { name: "portone-sandbox", port: 8090 },
  { name: "reservation", port: 8081 },
  { name: "payment", port: 8082 },
  { name: "notification", port: 8083 },
  { name: "printing", port: 8084 },
  { name: "gateway", port: 8080 },
];

async function waitReady(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before becoming ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms (${url})`);
}

/**
 * @param {{ env?: Record<string,string>, apps?: {name:string, port:number}[], ports?: Record<string, number>,
 *           output?: "inherit"|"prefix"|"ignore", readyTimeoutMs?: number }} opts
 */
export async function startStack(opts = {}) {
  // test and live talk to PortOne itself: no sandbox, and PORTONE_API_BASE_URL stays as configured
  const stage = opts.env?.PORTONE_MODE ?? process.env.PORTONE_MODE ?? "sandbox";
  const defaults = stage === "sandbox" ? APPS : APPS.filter((a) => a.name !== "portone-sandbox");
  const apps = (opts.apps ?? defaults).map((a) => ({ ...a, port: opts.ports?.[a.name] ?? a.port }));
  const urlOf = Object.fromEntries(apps.map((a) => [a.name, `http://127.0.0.1:${a.port}`]));
  const env = {
    ...process.env,
    RESERVATION_URL: urlOf.reservation ?? process.env.RESERVATION_URL,
    PAYMENT_URL: urlOf.payment ?? process.env.PAYMENT_URL,
    NOTIFICATION_URL: urlOf.notification ?? process.env.NOTIFICATION_URL,
    PRINTING_URL: urlOf.printing ?? process.env.PRINTING_URL,
    PORTONE_API_BASE_URL: urlOf["portone-sandbox"] ?? process.env.PORTONE_API_BASE_URL,
    ...opts.env,
  };
  const children = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once("exit", resolve);
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
  };
  try {
    for (const app of apps) {
      const child = spawn(process.execPath, ["dist/main.js"], {
        cwd: path.join(ROOT, "apps", app.name),
        env: { ...env, PORT: String(app.port) },
        stdio: opts.output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      if (opts.output !== "inherit") {
        const sink =
          opts.output === "ignore"
            ? null
            : (chunk) => {
                for (const line of chunk.toString().split("\n")) if (line) process.stdout.write(`${app.name.padEnd(16)}| ${line}\n`);
              };
        child.stdout.on("data", sink ?? (() => {}));
        child.stderr.on("data", sink ?? ((c) => (child.stderrTail = ((child.stderrTail ?? "") + c).slice(-4000))));
      }
      // the gateway answers readiness on its operations port (OPS_PORT); its public port, liveness
      const ready = app.name === "gateway" ? "/health/live" : "/health/ready";
      await waitReady(`${urlOf[app.name]}${ready}`, opts.readyTimeoutMs ?? 30_000, child).catch((err) => {
        throw new Error(`${app.name}: ${err.message}${child.stderrTail ? `\n${child.stderrTail}` : ""}`);
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls: urlOf, children, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startStack({ output: "prefix" }).catch((err) => {
    console.error(`could not start the system: ${err.message}`);
    process.exit(1);
  });
  const base = process.env.PUBLIC_BASE_URL ?? stack.urls.gateway;
  console.log(`\n  preprint is running — open ${base}\n  (Ctrl-C stops every app)\n`);
  const shutdown = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
