// The journal survives a crash that tears its last line, and compaction keeps what matters.
import fs from "node:fs";
import path from "node:path";
import type { AgentJob } from "../src/cloud/protocol";
import { Journal } from "../src/journal/journal";
import { removeTempDirs, tempDir } from "./support/temp";

afterAll(removeTempDirs);

const job = (jobId: string): AgentJob => ({
  jobId,
  reservationId: "r",
  documentUrl: "/d",
  fileName: "f.pdf",
  pages: 1,
  copies: 1,
  colorMode: "monochrome",
  duplex: false,
  paperSize: "A4",
  attempt: 1,
});
const tmp = () => tempDir("journal");

test("replay rebuilds jobs, phases, the outbox and the seq counters", () => {
  const dir = tmp();
  const j = Journal.open(dir);
  const at = new Date().toISOString();
  j.append({ t: "job", at, job: job("a") });
  j.append({ t: "submitting", at, key: "a#1" });
  j.append({ t: "submitted", at, key: "a#1", printerJobId: 12 });
  const event = {
    attempt: 1,
    seq: 1,
    state: "received" as const,
    reasons: [],
    impressionsCompleted: 0,
    printerUri: null,
    printerJobId: null,
    at,
  };
  j.append({ t: "event", at, jobId: "a", event });
  j.append({ t: "event", at, jobId: "a", event: { ...event, seq: 2, state: "processing" } });
  j.append({ t: "sent", at, jobId: "a", seq: 1 });
  j.close();

  const again = Journal.open(dir);
  expect(again.state.jobs.get("a#1")).toMatchObject({ phase: "submitted", printerJobId: 12, lastReported: { state: "processing" } });
  expect(again.state.outbox.map((e) => e.event.seq)).toEqual([2]);
  expect(again.state.lastSeq.get("a")).toBe(2);
  again.close();
});

test("a last line torn by a crash is dropped; damage in the middle is refused", () => {
  const dir = tmp();
  const j = Journal.open(dir);
  j.append({ t: "job", at: new Date().toISOString(), job: job("a") });
  j.close();
  fs.appendFileSync(path.join(dir, "journal.jsonl"), '{"t":"job","at":"2026-');
  const again = Journal.open(dir);
  expect([...again.state.jobs.keys()]).toEqual(["a#1"]);
  again.close();

  fs.writeFileSync(path.join(dir, "journal.jsonl"), 'garbage\n{"t":"sent","at":"x","jobId":"a","seq":1}\n');
  expect(() => Journal.open(dir)).toThrow(/line 1 is damaged/);
});

test("compaction forgets jobs ended long ago and keeps open ones", () => {
  const dir = tmp();
  const j = Journal.open(dir, { retainEndedMs: 1000, compactAfterRecords: 1_000_000 });
  const long = new Date(Date.now() - 60_000).toISOString();
  j.append({ t: "job", at: long, job: job("old") });
  j.append({ t: "ended", at: long, key: "old#1", state: "completed" });
  j.append({ t: "job", at: long, job: job("open") });
  j.compact();
  j.close();
  const lines = fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8").trim().split("\n");
  expect(lines).toHaveLength(1);
  const again = Journal.open(dir, { retainEndedMs: 1000 });
  expect([...again.state.jobs.keys()]).toEqual(["open#1"]);
  again.close();
});
