import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** latency percentiles in milliseconds (wrk's own HdrHistogram, corrected for coordinated omission it is not) */
  p50: number;
  p99: number;
  max: number;
  /** non-2xx/3xx responses + socket errors */
  errors: number;
  non2xx: number;
}

/** A done() hook that prints wrk's summary as one JSON line, so nothing parses wrk's human units. */
const DONE_LUA = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;

let scriptPath: string | undefined;
function doneScript(): string {
  if (!scriptPath) {
    scriptPath = path.join(mkdtempSync(path.join(os.tmpdir(), "preprint-wrk-")), "done.lua");
    writeFileSync(scriptPath, DONE_LUA);
  }
  return scriptPath;
}

export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout.slice(-2000)}`);
  const j = JSON.parse(line.slice(8)) as Record<string, number>;
  const seconds = j.duration_us! / 1e6;
  const socketErrors = j.connect! + j.read! + j.write! + j.timeout!;
  return {
    requests: j.requests!,
    seconds,
    rps: j.requests! / seconds,
    p50: j.p50_us! / 1000,
    p99: j.p99_us! / 1000,
    max: j.max_us! / 1000,
    errors: socketErrors + j.status!,
    non2xx: j.status!,
  };
}

export interface WrkOptions {
  url: string;
  threads?: number;
  connections?: number;
  durationSec?: number;
  headers?: Record<string, string>;
  bin?: string;
  /** run wrk on these CPUs only (`taskset -c <cpus>`), e.g. "1" */
  cpus?: string;
}

export function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [`-t${o.threads ?? 2}`, `-c${o.connections ?? 64}`, `-d${o.durationSec ?? 5}s`, "--timeout", "5s", "-s", doneScript()];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  args.push(o.url);
  return new Promise((resolve, reject) => {
    const [file, argv] = o.cpus === undefined ? [o.bin ?? "wrk", args] : ["taskset", ["-c", o.cpus, o.bin ?? "wrk", ...args]];
    execFile(file, argv, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      try {
        resolve(parseWrkOutput(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}
