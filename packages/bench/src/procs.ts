import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sleep } from "./stats";

export interface Proc {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Polls `url` until it answers with an `okStatus`; fails early if `child` exits. */
export async function waitHttp(url: string, timeoutMs: number, child?: ChildProcess, okStatus = (s: number) => s < 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (okStatus(res.status)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${url} not answering after ${timeoutMs} ms (${last})`);
}

/** Starts one of this package's own servers (dist/servers/<file>.js) as a child process. */
export async function startNodeServer(name: string, file: string, port: number, args: string[] = []): Promise<Proc> {
  const child = fork(path.join(__dirname, "servers", file), [String(port), ...args], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/`, 10_000, child);
  return { name, pid: child.pid!, url, stop: () => stopChild(child) };
}

/** Starts a built app (`node dist/main.js`) with its output discarded, as a production process would log to a pipe. */
export async function startBuiltApp(
  name: string,
  cwd: string,
  env: Record<string, string>,
  port: number,
  readyPath = "/health/ready",
): Promise<Proc> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${url}${readyPath}`, 30_000, child, (s) => s === 200);
  } catch (e) {
    await stopChild(child, 1000);
    throw new Error(`${name}: ${(e as Error).message}\n${err}`, { cause: e });
  }
  return { name, pid: child.pid!, url, stop: () => stopChild(child, 15_000) };
}

/**
 * nginx as a reverse proxy with one worker (as in docs/platform-notes.md N9), upstream keep-alive, access log
 * off, everything (pid, temp paths, logs) in a temp prefix so it never touches the system's nginx.
 */
export async function startNginx(port: number, backendPort: number, bin = "nginx"): Promise<Proc> {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "preprint-nginx-"));
  mkdirSync(path.join(prefix, "logs"));
  const conf = `
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  writeFileSync(path.join(prefix, "nginx.conf"), conf);
  const child = spawn(bin, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-e", path.join(prefix, "logs/error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${url}/`, 10_000, child);
  } catch (e) {
    await stopChild(child, 1000);
    const log = existsSync(path.join(prefix, "logs/error.log")) ? readFileSync(path.join(prefix, "logs/error.log"), "utf8") : "";
    throw new Error(`nginx: ${(e as Error).message}\n${err}\n${log}`, { cause: e });
  }
  return {
    name: "nginx",
    pid: child.pid!,
    url,
    stop: async () => {
      await stopChild(child);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** The direct children of a process (a cluster's workers), from /proc. */
export function childrenOf(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return tasks ? tasks.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

/** `one(p)` summed over a process and all its descendants (a clustered app's workers, a server's backends). */
function sumOverTree(pid: number, one: (p: number) => number): number {
  let total = one(pid);
  const stack = childrenOf(pid);
  while (stack.length) {
    const c = stack.pop()!;
    total += one(c);
    stack.push(...childrenOf(c));
  }
  return total;
}

/** Resident set size of a process and its descendants (cluster workers), in MiB; NaN once gone. */
export function rssMiB(pid: number): number {
  return sumOverTree(pid, (p) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return NaN;
    }
  });
}

/** CPU time (user + system) of a process and its descendants, in milliseconds (Linux /proc). */
export function cpuMs(pid: number): number {
  return sumOverTree(pid, (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return 0;
    }
  });
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK) */
const CLOCK_TICKS = 100;

/** Samples the RSS of named processes every `everyMs`, keeping the peak per phase. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  private peaks = new Map<string, number>();
  constructor(
    private readonly pids: Record<string, number>,
    private readonly everyMs = 250,
  ) {}

  snapshot(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.pids).map(([n, pid]) => [n, rssMiB(pid)]));
  }

  start(): void {
    this.peaks.clear();
    const tick = () => {
      for (const [n, v] of Object.entries(this.snapshot())) if (Number.isFinite(v) && v > (this.peaks.get(n) ?? 0)) this.peaks.set(n, v);
    };
    tick();
    this.timer = setInterval(tick, this.everyMs);
  }

  /** Stops sampling; returns the peak per process since start(). */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    return Object.fromEntries(this.peaks);
  }
}

/** The main pid of a server the machine runs (PostgreSQL's postmaster, RabbitMQ's beam.smp), or undefined. */
function oldestPid(exe: string): number | undefined {
  try {
    const out = execFileSync("pgrep", ["-o", "-x", exe], { encoding: "utf8" }).trim();
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL and RabbitMQ, when they run on this machine: their CPU belongs to a booking's cost too. */
export function serverPids(): Record<string, number> {
  const out: Record<string, number> = {};
  const pg = oldestPid("postgres");
  const mq = oldestPid("beam.smp");
  if (pg) out.postgresql = pg;
  if (mq) out.rabbitmq = mq;
  return out;
}

/**
 * CPU time spent by each named process tree (and by this process itself, as "load generator")
 * between start() and perUnit(): where a unit of work's cost goes, however busy the machine is.
 */
export class CpuMeter {
  private before: Record<string, number> = {};
  private selfBefore?: NodeJS.CpuUsage;
  constructor(private readonly pids: Record<string, number>) {}

  start(): void {
    this.before = Object.fromEntries(Object.entries(this.pids).map(([n, pid]) => [n, cpuMs(pid)]));
    this.selfBefore = process.cpuUsage();
  }

  /** CPU ms per unit for each process and in total, e.g. per confirmed booking. */
  perUnit(units: number): Record<string, number> {
    const self = process.cpuUsage(this.selfBefore);
    const used: Record<string, number> = Object.fromEntries(
      Object.entries(this.pids).map(([n, pid]) => [n, cpuMs(pid) - (this.before[n] ?? 0)]),
    );
    used["load generator"] = (self.user + self.system) / 1000;
    used.total = Object.values(used).reduce((a, b) => a + b, 0);
    return Object.fromEntries(Object.entries(used).map(([n, ms]) => [n, units > 0 ? Math.round((ms / units) * 10) / 10 : NaN]));
  }
}
