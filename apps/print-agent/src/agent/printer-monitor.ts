// Watches the printer (state, reasons such as media-empty, whether it takes jobs) and reports it
// to the cloud when it changes, and as a heartbeat otherwise. Polls fast while a job is printing.
import type { CloudClient } from "../cloud/client";
import type { PrinterStatusReport } from "../cloud/protocol";
import type { IppClient } from "../ipp/client";
import { errorText, type Logger } from "../log";
import { Waker } from "./pacing";

export class PrinterMonitor {
  readonly waker = new Waker();
  private lastSent = "";
  private lastSentAt = 0;

  constructor(
    private readonly ipp: IppClient,
    private readonly cloud: CloudClient,
    private readonly log: Logger,
    private readonly opts: { idlePollMs: number; busyPollMs: number; heartbeatMs: number; agentVersion: string; busy: () => boolean },
  ) {}

  async run(): Promise<void> {
    while (!this.waker.isStopped) {
      const report = await this.read();
      const signature = JSON.stringify({ ...report, at: undefined });
      if (signature !== this.lastSent || Date.now() - this.lastSentAt >= this.opts.heartbeatMs) {
        try {
          await this.cloud.postPrinterStatus(report);
          if (signature !== this.lastSent) this.log.info("printer status reported", { state: report.state, reasons: report.reasons });
          this.lastSent = signature;
          this.lastSentAt = Date.now();
        } catch (err) {
          this.log.debug("could not report the printer status; retrying", { error: errorText(err) });
        }
      }
      await this.waker.sleep(this.opts.busy() ? this.opts.busyPollMs : this.opts.idlePollMs);
    }
  }

  private async read(): Promise<PrinterStatusReport> {
    const base = { printerUri: this.ipp.printerUri, at: new Date().toISOString(), agentVersion: this.opts.agentVersion };
    try {
      const s = await this.ipp.printerStatus();
      return {
        ...base,
        state: s.state,
        reasons: [...s.reasons].sort(),
        acceptingJobs: s.acceptingJobs,
        documentFormats: s.documentFormats,
      };
    } catch (err) {
      this.log.debug("printer unreachable", { error: errorText(err) });
      return { ...base, state: "unreachable", reasons: [], acceptingJobs: false, documentFormats: [] };
    }
  }
}
