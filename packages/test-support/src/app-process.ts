import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { waitFor } from "./wait";

export interface StartAppOptions {
  /** Shown in errors and log prefixes, e.g. "reservation". */
  name: string;
  /** The app's folder (cwd of the process). */
  cwd: string;
  /** Default `node`; args default to `["dist/main.js"]`. */
  command?: string;
  args?: string[];
  /** Merged over process.env; PORT is set from `port`. */
  env?: Record<string, string | undefined>;
  /** Port to listen on; default: a free one. */
  port?: number;
  /** Polled until it answers 200; default `/health/ready`. */
  readyPath?: string;
  timeoutMs?: number;
}

export interface AppProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a tiny race with other suites is possible). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Plain JS beside src/ and dist/, so the same path works from either (see the file for why). */
const EXIT_WITH_PARENT = path.join(__dirname, "..", "preload", "exit-with-parent.js");

/**
 * Spawns a built app (`node dist/main.js` by default) with the given env and waits until its
 * readiness endpoint answers 200. Output is captured, and included in the error when it never
 * becomes ready or exits early.
 */
export async function startApp(opts: StartAppOptions): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const command = opts.command ?? process.execPath;
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env, PORT: String(port) };
  // a Node app ends with this process: its stdin is a pipe from us, watched by a preload
  if (command === process.execPath) env.NODE_OPTIONS = [env.NODE_OPTIONS, `--require ${EXIT_WITH_PARENT}`].filter(Boolean).join(" ");
  const child = spawn(command, opts.args ?? ["dist/main.js"], { cwd: opts.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exited = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    name: opts.name,
    port,
    url,
    child,
    output: () => out,
    async stop(graceMs = 5000) {
      if (exited !== undefined) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
  try {
    await waitFor(
      async () => {
        if (exited !== undefined) throw new Error(`exited with code ${exited}`);
        const res = await fetch(`${url}${opts.readyPath ?? "/health/ready"}`);
        return res.status === 200;
      },
      { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 100, description: `${opts.name} ready on ${url}` },
    );
  } catch (err) {
    await app.stop(1000);
    throw new Error(`${opts.name} did not become ready: ${(err as Error).message}\n--- output ---\n${out.slice(-4000)}`, { cause: err });
  }
  return app;
}
