import { spawn } from "node:child_process";

export interface OutboxBenchResult {
  ok: boolean;
  error?: string;
  /** the messaging package's own JSON report, unchanged */
  report?: any;
}

/** Runs `pnpm --filter @preprint/messaging bench` (its own throwaway DB and exchange) and reads its JSON. */
export function outboxBench(repoRoot: string, env: Record<string, string>, timeoutMs = 120_000): Promise<OutboxBenchResult> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", ["--filter", "@preprint/messaging", "run", "-s", "bench"], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(parseOutboxOutput(out, code, err));
    });
  });
}

export function parseOutboxOutput(stdout: string, code: number | null, stderr = ""): OutboxBenchResult {
  const start = stdout.search(/^\{/m);
  if (code !== 0 || start === -1) return { ok: false, error: `exit ${code}: ${(stderr || stdout).slice(-1500)}` };
  try {
    return { ok: true, report: JSON.parse(stdout.slice(start)) };
  } catch (e) {
    return { ok: false, error: `unreadable output: ${(e as Error).message}` };
  }
}
