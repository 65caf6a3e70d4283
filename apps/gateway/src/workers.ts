import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * One worker per core the process may use: the CPUs it can run on, capped by a cgroup v2 CPU quota
 * (a container limited to 1 CPU on a 16-core node gets 1 worker, not 16). ADR 0051.
 */
export function defaultWorkers(cpuMax = readCpuMax()): number {
  let n = os.availableParallelism();
  const m = /^(\d+)\s+(\d+)/.exec(cpuMax ?? "");
  if (m) n = Math.min(n, Math.max(1, Math.ceil(Number(m[1]) / Number(m[2]))));
  return Math.max(1, Math.min(64, n));
}

function readCpuMax(): string | undefined {
  try {
    return readFileSync("/sys/fs/cgroup/cpu.max", "utf8");
  } catch {
    return undefined;
  }
}
