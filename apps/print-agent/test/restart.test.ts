// The agent is killed (SIGKILL, as a power cut would) at the worst moments and started again on
// the same state folder: no job is lost and none is printed twice (the printer's command runs
// are counted).
import fs from "node:fs";
import path from "node:path";
import { waitFor } from "@preprint/test-support";
import type { AgentJob } from "../src/cloud/protocol";
import { IppClient } from "../src/ipp/client";
import { Journal } from "../src/journal/journal";
import { ippJobName } from "../src/journal/state";
import { AgentProcess } from "./support/agent-process";
import { makePdf } from "./support/pdf";
import { startRig, type Rig } from "./support/rig";
import { removeTempDirs, tempDir } from "./support/temp";

afterAll(removeTempDirs);

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

function expectCleanEventStream(events: { seq: number; state: string }[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => ["completed", "aborted", "canceled", "failed", "unknown"].includes(e.state))).toHaveLength(1);
}

test("killed while the printer prints, the restarted agent follows the same job to its end", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 3000 } } });
  const { cloud, printer, agent } = rig;
  cloud.addJob({ jobId: "job-kill" }, makePdf(2));
  cloud.addJob({ jobId: "job-next" }, makePdf(1));

  await waitFor(() => printer.calls().length === 1, { timeoutMs: 15_000 });
  await agent.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 1000));
  agent.start();

  await waitFor(() => cloud.finalEvent("job-kill") && cloud.finalEvent("job-next"), { timeoutMs: 30_000 });
  expect(cloud.finalEvent("job-kill")?.state).toBe("completed");
  expect(cloud.finalEvent("job-next")?.state).toBe("completed");
  expect(printer.calls().map((c) => c.jobName)).toEqual(["preprint-job-kill-1", "preprint-job-next-1"]);
  expect(printer.spooledDocuments()).toHaveLength(2);
  expectCleanEventStream(cloud.eventsOf("job-kill"));
  expectCleanEventStream(cloud.eventsOf("job-next"));
  expect(cloud.documentDownloads).toBe(2);
});

/** A state folder as a crash right after "submitting" (before the printer's answer) leaves it. */
function crashedWhileSubmitting(stateDir: string, job: AgentJob, submittingAt = new Date()): void {
  const journal = Journal.open(stateDir);
  const at = new Date(submittingAt.getTime() - 1000).toISOString();
  journal.append({ t: "job", at, job });
  journal.append({ t: "downloaded", at, key: `${job.jobId}#${job.attempt}` });
  journal.append({ t: "submitting", at: submittingAt.toISOString(), key: `${job.jobId}#${job.attempt}` });
  journal.close();
}

test("killed after the printer took the job but before its answer was journaled: the job is found on the printer, not sent again", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 1500 } }, startAgent: false });
  const { cloud, printer, agent } = rig;
  const job = cloud.addJob({ jobId: "job-lost-answer" }, makePdf(1)) as AgentJob;
  crashedWhileSubmitting(agent.stateDir, job);
  // the Print-Job the crashed agent had sent, under the name it gives this job
  const doc = path.join(tempDir("sent"), "doc.pdf");
  fs.writeFileSync(doc, makePdf(1));
  const { printerJobId } = await new IppClient(printer.uri).printJob({
    jobName: ippJobName(job),
    documentFormat: "application/pdf",
    documentPath: doc,
    template: [],
  });

  agent.start();
  const final = await waitFor(() => cloud.finalEvent("job-lost-answer"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "completed", printerJobId });
  expect(printer.calls()).toHaveLength(1);
  expect(cloud.documentDownloads).toBe(0);
  expect(agent.hasLogged("found the job on the printer after an unanswered Print-Job")).toBe(true);
});

test("killed before the Print-Job reached the printer: the job is sent once after the restart", async () => {
  rig = await startRig({ startAgent: false });
  const { cloud, printer, agent } = rig;
  const job = cloud.addJob({ jobId: "job-never-sent" }, makePdf(1)) as AgentJob;
  crashedWhileSubmitting(agent.stateDir, job);

  agent.start();
  const final = await waitFor(() => cloud.finalEvent("job-never-sent"), { timeoutMs: 20_000 });
  expect(final.state).toBe("completed");
  expect(printer.calls().map((c) => c.jobName)).toEqual(["preprint-job-never-sent-1"]);
  expectCleanEventStream(cloud.eventsOf("job-never-sent"));
});

test("an unanswered Print-Job older than the printer's job history is reported unknown, not printed again", async () => {
  rig = await startRig({ startAgent: false, agentEnv: { PRINT_AGENT_PRINTER_JOB_HISTORY_SECONDS: "60" } });
  const { cloud, printer, agent } = rig;
  const job = cloud.addJob({ jobId: "job-uncertain" }, makePdf(1)) as AgentJob;
  crashedWhileSubmitting(agent.stateDir, job, new Date(Date.now() - 5 * 60_000));

  agent.start();
  const final = await waitFor(() => cloud.finalEvent("job-uncertain"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "unknown", reasons: ["submission-uncertain"] });
  expect(printer.calls()).toHaveLength(0);
});

test("a second agent on the same state folder refuses to start", async () => {
  rig = await startRig();
  const { agent, cloud, printer } = rig;
  await waitFor(() => agent.hasLogged("print agent started"));
  const second = new AgentProcess({ cloudUrl: cloud.url, token: cloud.token, printerUri: printer.uri, stateDir: agent.stateDir }).start();
  const code = await new Promise<number | null>((resolve) => {
    const started = Date.now();
    const tick = setInterval(() => {
      const exited = second.logs.some((l) => String(l.msg).includes("another print agent"));
      if (exited || Date.now() - started > 10_000) {
        clearInterval(tick);
        resolve(exited ? 1 : null);
      }
    }, 50);
  });
  expect(code).toBe(1);
  await second.kill();
});

test("killed between the final event and the journal's end: the job is not reported or printed again", async () => {
  rig = await startRig({ startAgent: false });
  const { cloud, printer, agent } = rig;
  const job = cloud.addJob({ jobId: "job-ended-unrecorded" }, makePdf(1)) as AgentJob;
  const journal = Journal.open(agent.stateDir);
  const at = new Date().toISOString();
  const event = { attempt: 1, reasons: [] as string[], impressionsCompleted: 0, printerUri: printer.uri, printerJobId: 99, at };
  journal.append({ t: "job", at, job });
  journal.append({ t: "submitting", at, key: "job-ended-unrecorded#1" });
  // job 99 is unknown to this printer: following it would end in a second final event, "unknown"
  journal.append({ t: "submitted", at, key: "job-ended-unrecorded#1", printerJobId: 99 });
  journal.append({ t: "event", at, jobId: job.jobId, event: { ...event, seq: 1, state: "received", printerJobId: null } });
  journal.append({ t: "event", at, jobId: job.jobId, event: { ...event, seq: 2, state: "completed", impressionsCompleted: 1 } });
  journal.close();

  agent.start();
  await waitFor(() => cloud.finalEvent("job-ended-unrecorded"), { timeoutMs: 20_000 });
  await waitFor(() => agent.hasLogged("print agent started"));
  await new Promise((r) => setTimeout(r, 1500));
  expect(cloud.eventsOf("job-ended-unrecorded").map((e) => e.state)).toEqual(["received", "completed"]);
  expect(printer.calls()).toHaveLength(0);
  const reopened = fs.readFileSync(path.join(agent.stateDir, "journal.jsonl"), "utf8");
  expect(reopened).toContain('"t":"ended"');
});
