// The built agent (dist/main.js) as its own process, as a café's PC runs it: the tests kill it,
// restart it on the same state folder, and read its JSON log lines.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MAIN = path.resolve(__dirname, "../../dist/main.js");

export interface AgentProcessOptions {
  cloudUrl: string;
  token: string;
  printerUri: string;
  stateDir?: string;
  env?: Record<string, string>;
}

export class AgentProcess {
  readonly logs: Record<string, unknown>[] = [];
  private child?: ChildProcess;
  readonly stateDir: string;

  constructor(private readonly opts: AgentProcessOptions) {
    if (!fs.existsSync(MAIN))
      throw new Error(`${MAIN} is missing: build the print agent first (pnpm --filter @preprint/print-agent build)`);
    this.stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "print-agent-state-"));
  }

  /** Quick loops so a test waits for the printer, not for the agent's patience. */
  start(extraEnv: Record<string, string> = {}): this {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? "",
        PRINT_AGENT_CLOUD_URL: this.opts.cloudUrl,
        PRINT_AGENT_TOKEN: this.opts.token,
        PRINT_AGENT_PRINTER_URI: this.opts.printerUri,
        PRINT_AGENT_STATE_DIR: this.stateDir,
        PRINT_AGENT_POLL_WAIT_SECONDS: "2",
        PRINT_AGENT_JOB_POLL_MS: "150",
        PRINT_AGENT_PRINTER_POLL_MS: "500",
        PRINT_AGENT_RETRY_MIN_MS: "100",
        PRINT_AGENT_RETRY_MAX_MS: "500",
        LOG_LEVEL: "debug",
        ...this.opts.env,
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffered = "";
    child.stdout!.on("data", (c: Buffer) => {
      buffered += c.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.logs.push({ msg: line });
        }
      }
    });
    child.stderr!.on("data", (c: Buffer) => this.logs.push({ level: "stderr", msg: c.toString() }));
    this.child = child;
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  hasLogged(msg: string): boolean {
    return this.logs.some((l) => l.msg === msg);
  }

  /** SIGKILL: no chance to tidy up, as with a pulled plug. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    return new Promise((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  }

  async stop(): Promise<void> {
    await this.kill("SIGTERM");
  }

  removeState(): void {
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}
