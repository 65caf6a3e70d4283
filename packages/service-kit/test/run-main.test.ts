import { spawn } from "node:child_process";
import path from "node:path";

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the fixture; sends `signal` once it printed "started". */
function run(mode: string, signal?: NodeJS.Signals): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(__dirname, "fixtures/run-main.js")], { env: { ...process.env, FIXTURE_MODE: mode } });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (signal && !signalled && stdout.includes("started\n")) {
        signalled = true;
        child.kill(signal);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

describe("runMain", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("when the process gets %s, then the service is stopped with the signal as reason and the process exits 0", async (signal) => {
    const r = await run("ok", signal);
    expect(r.stdout).toContain(`stop ${signal}`);
    expect(r.code).toBe(0);
  });

  it("when the graceful stop outlasts the hard timeout, then the process exits 1 at the timeout", async () => {
    const r = await run("hang", "SIGTERM");
    expect(r.stdout).toContain("stop SIGTERM");
    expect(r.code).toBe(1);
  });

  it("when the stop fails, then the process exits 1", async () => {
    expect((await run("stop-fails", "SIGTERM")).code).toBe(1);
  });

  it("when the start fails, then the reason is printed with its stack and the process exits 1", async () => {
    const r = await run("fail");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("fixture failed to start: Error: database unreachable");
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("when the configuration is invalid, then the variables are named without a stack and the process exits 1", async () => {
    const r = await run("config");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PORT: expected a number");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
