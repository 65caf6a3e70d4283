import { spawn } from "node:child_process";
import path from "node:path";

interface Outcome {
  code: number | null;
  killedBy: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the fixture; sends `signal` once it printed `when`. */
function run(mode: string, signal?: NodeJS.Signals, when = "started\n"): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(__dirname, "fixtures/run-main.js")], { env: { ...process.env, FIXTURE_MODE: mode } });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (signal && !signalled && stdout.includes(when)) {
        signalled = true;
        child.kill(signal);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // "close", not "exit": the pipes are read to their end first
    child.on("close", (code, killedBy) => resolve({ code, killedBy, stdout, stderr, ms: Date.now() - t0 }));
  });
}

describe("runMain", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "when the process gets %s, then the service is stopped with the signal as reason and the process exits 0",
    async (signal) => {
      const r = await run("ok", signal);
      expect(r.stdout).toContain(`stop ${signal}`);
      expect(r.code).toBe(0);
    },
  );

  it("when the signal arrives while the service is still starting, then it is stopped once it is up and the process exits 0", async () => {
    const r = await run("slow-start", "SIGTERM", "starting\n");
    expect(r.stdout).toBe("starting\nstarted\nstop SIGTERM\n");
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
