// The agent's durable memory: an append-only file of JSON lines, each fsynced before the agent
// acts on it (ADR 0202). A crash can cut only the last line short; replay drops such a line.
// The file is rewritten as one snapshot line at start-up and after many appends, so it stays small.
import fs from "node:fs";
import path from "node:path";
import { fsyncDir } from "../cloud/client";
import { applyRecord, emptyState, type AgentState, type JournalRecord } from "./state";

const FILE = "journal.jsonl";

export interface JournalOptions {
  /** Ended jobs are remembered this long, so a job the cloud hands out again is not printed again. */
  retainEndedMs?: number;
  compactAfterRecords?: number;
}

export class Journal {
  readonly state: AgentState = emptyState();
  private fd: number | undefined;
  private appendsSinceCompaction = 0;
  private readonly retainEndedMs: number;
  private readonly compactAfter: number;

  private constructor(
    readonly dir: string,
    opts: JournalOptions,
  ) {
    this.retainEndedMs = opts.retainEndedMs ?? 7 * 24 * 3600_000;
    this.compactAfter = opts.compactAfterRecords ?? 2000;
  }

  static open(dir: string, opts: JournalOptions = {}): Journal {
    fs.mkdirSync(dir, { recursive: true });
    const journal = new Journal(dir, opts);
    journal.replay();
    journal.compact();
    return journal;
  }

  get file(): string {
    return path.join(this.dir, FILE);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) throw new Error("journal is closed");
    fs.writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fs.fsyncSync(this.fd);
    applyRecord(this.state, record);
    if (++this.appendsSinceCompaction >= this.compactAfter) this.compact();
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private replay(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch (err) {
        // only the last line can be torn by a crash; damage anywhere else is not ours to guess at
        if (i >= lines.length - 2) return;
        throw new Error(`journal ${this.file} line ${i + 1} is damaged: ${(err as Error).message}`, { cause: err });
      }
      applyRecord(this.state, record);
    });
  }

  /** Rewrites the journal as one snapshot (temporary file, fsync, rename, fsync of the folder). */
  compact(): void {
    const now = Date.now();
    const jobs = [...this.state.jobs.values()].filter(
      (j) => j.phase !== "ended" || !j.endedAt || now - Date.parse(j.endedAt) < this.retainEndedMs,
    );
    const keptIds = new Set([...jobs.map((j) => j.job.jobId), ...this.state.outbox.map((e) => e.jobId)]);
    const lastSeq = Object.fromEntries([...this.state.lastSeq].filter(([id]) => keptIds.has(id)));
    const snapshot: JournalRecord = { t: "snapshot", at: new Date(now).toISOString(), jobs, outbox: this.state.outbox, lastSeq };
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, `${JSON.stringify(snapshot)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (this.fd !== undefined) fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    fsyncDir(this.dir);
    applyRecord(this.state, snapshot);
    this.fd = fs.openSync(this.file, "a");
    this.appendsSinceCompaction = 0;
  }
}
