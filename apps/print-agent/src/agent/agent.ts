// Composes the agent: one journal, the cloud and printer clients, and four loops (poll jobs,
// print them, deliver events, watch the printer). Everything the loops decide is journaled first,
// so stopping at any instant — SIGTERM or a pulled plug — loses nothing.
import fs from "node:fs";
import path from "node:path";
import { CloudClient } from "../cloud/client";
import type { AgentConfig } from "../config";
import { IppClient } from "../ipp/client";
import { Journal } from "../journal/journal";
import type { Logger } from "../log";
import { JobEvents } from "./job-events";
import { JobPoller } from "./job-poller";
import { JobRunner } from "./job-runner";
import { OutboxSender } from "./outbox-sender";
import { PrinterMonitor } from "./printer-monitor";
import { StateLock } from "./state-lock";

export const AGENT_VERSION = readVersion();

export class PrintAgent {
  private readonly lock: StateLock;
  readonly journal: Journal;
  private readonly poller: JobPoller;
  private readonly runner: JobRunner;
  private readonly outbox: OutboxSender;
  private readonly monitor: PrinterMonitor;
  private loops: Promise<void>[] = [];

  constructor(
    config: AgentConfig,
    private readonly log: Logger,
  ) {
    this.lock = StateLock.acquire(config.stateDir);
    try {
      this.journal = Journal.open(config.stateDir);
    } catch (err) {
      this.lock.release();
      throw err;
    }
    const cloud = new CloudClient({ baseUrl: config.cloudUrl, token: config.token, maxDocumentBytes: config.maxDocumentBytes });
    const ipp = new IppClient(config.printerUri);
    const retry = { minMs: config.retryMinMs, maxMs: config.retryMaxMs };
    this.outbox = new OutboxSender(this.journal, cloud, log, retry);
    const events = new JobEvents(this.journal, config.printerUri, () => this.outbox.waker.wake());
    this.runner = new JobRunner(this.journal, cloud, ipp, events, log, {
      jobPollMs: config.jobPollMs,
      retryMinMs: config.retryMinMs,
      retryMaxMs: config.retryMaxMs,
      printerJobHistoryMs: config.printerJobHistoryMs,
    });
    this.monitor = new PrinterMonitor(ipp, cloud, log, {
      idlePollMs: config.printerPollMs,
      busyPollMs: config.jobPollMs,
      heartbeatMs: config.heartbeatMs,
      agentVersion: AGENT_VERSION,
      busy: () => this.runner.currentKey !== undefined,
    });
    this.poller = new JobPoller(this.journal, cloud, events, this.runner, log, {
      waitSeconds: config.pollWaitSeconds,
      retryMinMs: config.retryMinMs,
      retryMaxMs: config.retryMaxMs,
      onJob: () => this.monitor.waker.wake(),
    });
  }

  start(): void {
    const open = this.runner.openJobs();
    this.log.info("print agent started", {
      version: AGENT_VERSION,
      openJobs: open.length,
      unsentEvents: this.journal.state.outbox.length,
    });
    const guard = (name: string, loop: Promise<void>) =>
      loop.catch((err) => {
        // a loop that dies would silently stop printing: better to exit and be restarted
        this.log.error(`${name} loop failed; exiting`, { error: err instanceof Error ? err.stack : String(err) });
        process.exit(70);
      });
    this.loops = [
      guard("outbox", this.outbox.run()),
      guard("runner", this.runner.run()),
      guard("monitor", this.monitor.run()),
      guard("poller", this.poller.run()),
    ];
  }

  async stop(): Promise<void> {
    this.poller.stop();
    this.runner.waker.stop();
    this.outbox.waker.stop();
    this.monitor.waker.stop();
    await Promise.race([Promise.all(this.loops), new Promise((r) => setTimeout(r, 5000).unref())]);
    this.journal.close();
    this.lock.release();
    this.log.info("print agent stopped");
  }
}

function readVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
}
