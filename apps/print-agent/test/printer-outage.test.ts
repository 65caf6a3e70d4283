// The printer is switched off or restarted: the agent waits for it, and never mistakes a job the
// restarted printer numbered like ours for our job.
import fs from "node:fs";
import path from "node:path";
import { waitFor } from "@preprint/test-support";
import type { AgentJob } from "../src/cloud/protocol";
import { IppClient } from "../src/ipp/client";
import { Journal } from "../src/journal/journal";
import { TestPrinter } from "./support/ipp-printer";
import { makePdf } from "./support/pdf";
import { startRig, type Rig } from "./support/rig";
import { removeTempDirs, tempDir } from "./support/temp";

afterAll(removeTempDirs);

let rig: Rig | undefined;
let revived: TestPrinter | undefined;
afterEach(async () => {
  await rig?.stop();
  await revived?.stop();
  rig = revived = undefined;
});

test("a job that comes while the printer is off waits as printer-unreachable and prints once it is back", async () => {
  rig = await startRig();
  const { cloud, printer, agent } = rig;
  await waitFor(() => agent.hasLogged("print agent started"), { timeoutMs: 10_000 });
  const port = printer.port;
  await printer.stop();

  cloud.addJob({ jobId: "job-printer-off" }, makePdf(1));
  const waiting = await waitFor(() => cloud.eventsOf("job-printer-off").find((e) => e.state === "waiting"), { timeoutMs: 15_000 });
  expect(waiting.reasons).toEqual(["printer-unreachable"]);
  await waitFor(() => cloud.printerStatuses.some((s) => s.state === "unreachable"), { timeoutMs: 15_000 });

  revived = await TestPrinter.start({ port });
  const final = await waitFor(() => cloud.finalEvent("job-printer-off"), { timeoutMs: 20_000 });
  expect(final.state).toBe("completed");
  expect(revived.calls().map((c) => c.jobName)).toEqual(["preprint-job-printer-off-1"]);
});

test("after the printer restarted and gave our job id to another job, the agent reports unknown instead of following it", async () => {
  rig = await startRig({ startAgent: false });
  const { cloud, printer, agent } = rig;
  const job = cloud.addJob({ jobId: "job-renumbered" }, makePdf(1)) as AgentJob;
  // someone else's job is job 1 on the restarted printer
  const doc = path.join(tempDir("other"), "other.pdf");
  fs.writeFileSync(doc, makePdf(1));
  const { printerJobId } = await new IppClient(printer.uri).printJob({
    jobName: "walk-in-customer",
    documentFormat: "application/pdf",
    documentPath: doc,
    template: [],
  });
  // the agent's journal says our job was job `printerJobId` on the printer before its restart
  const journal = Journal.open(agent.stateDir);
  const at = new Date().toISOString();
  journal.append({ t: "job", at, job });
  journal.append({ t: "submitting", at, key: "job-renumbered#1" });
  journal.append({ t: "submitted", at, key: "job-renumbered#1", printerJobId });
  journal.close();

  agent.start();
  const final = await waitFor(() => cloud.finalEvent("job-renumbered"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "unknown", reasons: ["job-not-found-on-printer"] });
  expect(cloud.eventsOf("job-renumbered").map((e) => e.state)).not.toContain("processing");
});
