// A real IPP printer for tests: CUPS's ippeveprinter on a free port, printing through a shell
// script the test chooses (succeed after a while, abort, run out of paper). The script logs each
// call, so a test can count how often a document was really printed.
// Needs ippeveprinter, a D-Bus system bus and avahi: `source scripts/lib.sh && ensure_ipp_printer`.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { IppClient } from "../../src/ipp/client";

export interface PrinterBehaviour {
  /** How long printing takes (default 300 ms). */
  delayMs?: number;
  /** Non-zero: the printer aborts the job. */
  exitCode?: number;
  /** Impressions per copy the printer reports (default 1). */
  impressionsPerCopy?: number;
  /** Reports media-empty for this long before printing. */
  paperOutMs?: number;
}

export interface TestPrinterOptions {
  behaviour?: PrinterBehaviour;
  /** Advertise two-sided printing (ippeveprinter -2). Default true. */
  duplex?: boolean;
  /** Advertise colour (ippeveprinter -s 10,10). Default true. */
  color?: boolean;
  /** Accepted document formats. Default application/pdf. */
  formats?: string;
  /** A fixed port (a printer coming back at its old address); default a free one. */
  port?: number;
}

export interface PrinterCall {
  jobName: string;
  file: string;
  copies: string;
  sides: string;
  media: string;
  colorMode: string;
}

const BINARY = ["/usr/sbin/ippeveprinter", "/usr/bin/ippeveprinter"].find((p) => fs.existsSync(p)) ?? "ippeveprinter";

export class TestPrinter {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly output: () => string,
  ) {}

  get uri(): string {
    return `ipp://127.0.0.1:${this.port}/ipp/print`;
  }

  get spoolDir(): string {
    return path.join(this.dir, "spool");
  }

  static async start(opts: TestPrinterOptions = {}): Promise<TestPrinter> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-printer-"));
    fs.mkdirSync(path.join(dir, "spool"));
    const script = path.join(dir, "print.sh");
    fs.writeFileSync(script, printScript(dir, opts.behaviour ?? {}), { mode: 0o755 });
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = opts.port ?? (await freePort());
      const args = [
        "-p",
        String(port),
        "-r",
        "off",
        "-f",
        opts.formats ?? "application/pdf",
        "-c",
        script,
        "-d",
        path.join(dir, "spool"),
        "-k",
      ];
      if (opts.duplex ?? true) args.push("-2");
      if (opts.color ?? true) args.push("-s", "10,10");
      args.push(`Test Printer ${port}`);
      const child = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      const keep = (c: Buffer) => (out = (out + c.toString()).slice(-8000));
      child.stdout!.on("data", keep);
      child.stderr!.on("data", keep);
      child.on("error", (err) => (out += `\n${err.message}`));
      const printer = new TestPrinter(port, dir, child, () => out);
      try {
        await printer.waitReady();
        return printer;
      } catch (err) {
        lastError = err;
        await printer.kill();
      }
    }
    throw new Error(
      `could not start ippeveprinter (${(lastError as Error).message}). It needs cups-ipp-utils, a D-Bus system bus and avahi: ` +
        "run `source scripts/lib.sh && ensure_ipp_printer` as root (or with passwordless sudo).",
    );
  }

  private async waitReady(): Promise<void> {
    const client = new IppClient(this.uri, { timeoutMs: 1000 });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`ippeveprinter exited (${this.child.exitCode ?? this.child.signalCode}): ${this.output().slice(-1000)}`);
      }
      try {
        await client.printerStatus();
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`not ready after 10 s: ${(err as Error).message}; ${this.output().slice(-1000)}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every time the printer's command ran (one per printed document), in order. */
  calls(): PrinterCall[] {
    const file = path.join(this.dir, "calls.log");
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [jobName, file, copies, sides, media, colorMode] = line.split("\t");
        return { jobName, file, copies, sides, media, colorMode };
      });
  }

  /** Documents the printer received (kept with -k), whatever became of them. */
  spooledDocuments(): string[] {
    return fs.readdirSync(this.spoolDir).filter((f) => f.endsWith(".pdf"));
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      });
    }
    // a print command still running (a slow test printer) holds the output pipes open
    child.stdout?.destroy();
    child.stderr?.destroy();
  }
}

function printScript(dir: string, b: PrinterBehaviour): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const lines = [
    "#!/bin/sh",
    `printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$IPP_JOB_NAME" "$1" "$IPP_COPIES" "$IPP_SIDES" "$IPP_MEDIA" "$IPP_PRINT_COLOR_MODE" >> '${dir}/calls.log'`,
  ];
  if (b.paperOutMs) {
    lines.push(`echo 'STATE: +media-empty-error' >&2`, `sleep ${seconds(b.paperOutMs)}`, `echo 'STATE: -media-empty-error' >&2`);
  }
  lines.push(`sleep ${seconds(b.delayMs ?? 300)}`);
  if (b.exitCode) {
    lines.push(`echo 'ERROR: the test printer aborts this job' >&2`, `exit ${b.exitCode}`);
  } else {
    lines.push(
      `n=$(( ${b.impressionsPerCopy ?? 1} * \${IPP_COPIES:-1} ))`,
      `echo "ATTR: job-impressions=$n job-impressions-completed=$n" >&2`,
      "exit 0",
    );
  }
  return `${lines.join("\n")}\n`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
