import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
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

/** Whether a server could listen on `port` right now (on every address: what an app binding 0.0.0.0 needs). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

/** The first port of the kernel's ephemeral range (listen(0) and outgoing connections take theirs from it). */
function ephemeralLow(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // not Linux: the IANA range starts at 49152, Linux's default at 32768
  }
}

/** the ports this process handed out: a port is given once */
const handedOut = new Set<number>();

/**
 * A port for a server that starts later (a child process, or a step after the caller passed the
 * URL on). Picked at random from the 10,000 ports below the kernel's ephemeral range, checked free,
 * and never one this process handed out before. The earlier way, listen(0) and close, took the
 * port from the ephemeral range, where nothing reserves it: CI saw two calls in a row get the same
 * port (the payment rig's service port went to the sandbox it started next: EADDRINUSE). An
 * outgoing connection can take a port from that range at any moment, too.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  // a kernel whose ephemeral range starts low leaves no room below it: then pick inside it
  const [from, to] = low - 1024 >= 2000 ? [Math.max(1024, low - 10_000), low] : [low, 65_536];
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${from}–${to - 1}`);
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
