// The café's internet goes away (a TCP proxy between agent and cloud cuts every connection): the
// printer keeps printing, the agent keeps its reports, and delivers them once the line is back.
import { waitFor } from "@preprint/test-support";
import { makePdf } from "./support/pdf";
import { startRig, type Rig } from "./support/rig";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

test("the cloud cut off mid-job: the job finishes and every report arrives, in order, after the line is back", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 2000, impressionsPerCopy: 2 } }, proxy: true });
  const { cloud, printer, agent, proxy } = rig;
  cloud.addJob({ jobId: "job-offline" }, makePdf(2));
  await waitFor(() => printer.calls().length === 1, { timeoutMs: 15_000 });

  proxy!.cut();
  // a report already received by the cloud when the line went is counted as before the cut (its
  // answer is lost, so the agent sends it again later, which the cloud takes as the same event)
  await new Promise((r) => setTimeout(r, 300));
  const reportsBeforeCut = cloud.eventsOf("job-offline").length;
  // the job ends on the printer while the cloud is out of reach
  await waitFor(() => agent.hasLogged("job finished"), { timeoutMs: 15_000 });
  await new Promise((r) => setTimeout(r, 1000));
  expect(cloud.finalEvent("job-offline")).toBeUndefined();
  expect(cloud.eventsOf("job-offline").length).toBe(reportsBeforeCut);

  proxy!.restore();
  const final = await waitFor(() => cloud.finalEvent("job-offline"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "completed", impressionsCompleted: 2 });
  const events = cloud.eventsOf("job-offline");
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(printer.calls()).toHaveLength(1);
});

test("jobs handed out while the agent cannot reach the cloud are taken once it can", async () => {
  rig = await startRig({ proxy: true });
  const { cloud, printer, proxy, agent } = rig;
  await waitFor(() => agent.hasLogged("print agent started"));
  proxy!.cut();
  cloud.addJob({ jobId: "job-while-cut" }, makePdf(1));
  await waitFor(() => agent.hasLogged("cannot reach the cloud for jobs; retrying"), { timeoutMs: 30_000 });
  expect(printer.calls()).toHaveLength(0);

  proxy!.restore();
  await waitFor(() => cloud.finalEvent("job-while-cut")?.state === "completed", { timeoutMs: 20_000 });
  expect(printer.calls()).toHaveLength(1);
});

test("an event whose answer is lost is sent again and the cloud keeps it once (idempotent by jobId and seq)", async () => {
  rig = await startRig({ startAgent: false });
  const { cloud, printer, agent } = rig;
  cloud.dropEventAnswers = 2;
  agent.start();
  cloud.addJob({ jobId: "job-lost-ack" }, makePdf(1));

  await waitFor(() => cloud.finalEvent("job-lost-ack"), { timeoutMs: 20_000 });
  const events = cloud.eventsOf("job-lost-ack");
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(cloud.eventPosts).toBeGreaterThan(events.length);
  expect(printer.calls()).toHaveLength(1);
});

test("killed while the cloud is unreachable: the reports kept on disk are delivered after the restart", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 1500 } }, proxy: true });
  const { cloud, printer, agent, proxy } = rig;
  cloud.addJob({ jobId: "job-offline-restart" }, makePdf(1));
  await waitFor(() => printer.calls().length === 1, { timeoutMs: 15_000 });
  proxy!.cut();
  await waitFor(() => agent.hasLogged("job finished"), { timeoutMs: 15_000 });
  await agent.kill("SIGKILL");
  proxy!.restore();
  agent.start();

  const final = await waitFor(() => cloud.finalEvent("job-offline-restart"), { timeoutMs: 20_000 });
  expect(final.state).toBe("completed");
  expect(printer.calls()).toHaveLength(1);
});
