// The agent prints jobs on a real IPP printer (ippeveprinter) and reports them to the cloud.
import fs from "node:fs";
import path from "node:path";
import { waitFor } from "@preprint/test-support";
import { makePdf } from "./support/pdf";
import { startRig, type Rig } from "./support/rig";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

test("a job is printed once with the booked options and reported completed with its impressions", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 600, impressionsPerCopy: 3 } } });
  const { cloud, printer, agent } = rig;
  cloud.addJob({ jobId: "job-ok", copies: 2, duplex: true, colorMode: "color", paperSize: "A4", pages: 3 }, makePdf(3));

  const final = await waitFor(() => cloud.finalEvent("job-ok"), { timeoutMs: 20_000, description: "final event" });
  expect(final).toMatchObject({ state: "completed", impressionsCompleted: 6, attempt: 1, printerUri: printer.uri });
  expect(final.printerJobId).toEqual(expect.any(Number));

  const events = cloud.eventsOf("job-ok");
  expect(events[0].state).toBe("received");
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.state)).toContain("processing");

  expect(printer.calls()).toEqual([
    expect.objectContaining({
      jobName: "preprint-job-ok-1",
      copies: "2",
      sides: "two-sided-long-edge",
      media: "iso_a4_210x297mm",
      colorMode: "color",
    }),
  ]);
  // the document the printer got is the one the cloud served
  expect(fs.readFileSync(printer.calls()[0].file)).toEqual(makePdf(3));
  // the agent keeps no document once the job is over
  await waitFor(() => fs.readdirSync(path.join(agent.stateDir, "documents")).length === 0);
  await waitFor(() => cloud.printerStatuses.some((s) => s.state === "idle" && s.printerUri === printer.uri));
});

test("a job the printer aborts is reported aborted with no impressions", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 200, exitCode: 1 } } });
  const { cloud, printer } = rig;
  cloud.addJob({ jobId: "job-abort" }, makePdf(1));

  const final = await waitFor(() => cloud.finalEvent("job-abort"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "aborted", impressionsCompleted: 0 });
  expect(printer.calls()).toHaveLength(1);
});

test("paper out on the printer is reported as printer status while the job waits, then the job completes", async () => {
  rig = await startRig({ printer: { behaviour: { paperOutMs: 2500, delayMs: 200 } } });
  const { cloud } = rig;
  cloud.addJob({ jobId: "job-paper" }, makePdf(1));

  const paperOut = await waitFor(() => cloud.printerStatuses.find((s) => s.reasons.some((r) => r.startsWith("media-empty"))), {
    timeoutMs: 15_000,
    description: "a printer status with media-empty",
  });
  expect(paperOut.state).toBe("processing");
  expect(cloud.finalEvent("job-paper")).toBeUndefined();

  await waitFor(() => cloud.finalEvent("job-paper"), { timeoutMs: 20_000 });
  expect(cloud.finalEvent("job-paper")?.state).toBe("completed");
  // the paper came back: the later report says so
  await waitFor(() => {
    const last = cloud.printerStatuses.at(-1);
    return last && !last.reasons.some((r) => r.startsWith("media-empty"));
  });
});

test("a job the printer cannot print as booked fails without reaching the printer", async () => {
  rig = await startRig({ printer: { duplex: false, color: false } });
  const { cloud, printer } = rig;
  cloud.addJob({ jobId: "job-duplex", duplex: true, colorMode: "color" }, makePdf(2));
  cloud.addJob({ jobId: "job-plain", paperSize: "A4" }, makePdf(1));

  const failed = await waitFor(() => cloud.finalEvent("job-duplex"), { timeoutMs: 20_000 });
  expect(failed).toMatchObject({ state: "failed", reasons: ["print-color-mode-not-supported", "sides-not-supported"] });
  // the next job in the queue is not held up by it
  await waitFor(() => cloud.finalEvent("job-plain")?.state === "completed", { timeoutMs: 20_000 });
  expect(printer.calls().map((c) => c.jobName)).toEqual(["preprint-job-plain-1"]);
});

test("a document the cloud no longer has fails the job as document-unavailable", async () => {
  rig = await startRig();
  const { cloud, printer } = rig;
  cloud.addJob({ jobId: "job-gone", documentUrl: "/api/agent/jobs/no-such-job/document" }, makePdf(1));
  const final = await waitFor(() => cloud.finalEvent("job-gone"), { timeoutMs: 20_000 });
  expect(final).toMatchObject({ state: "failed", reasons: ["document-unavailable"] });
  expect(printer.calls()).toHaveLength(0);
});

test("a job canceled by the cloud while printing is canceled on the printer", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 5000 } } });
  const { cloud, printer } = rig;
  cloud.addJob({ jobId: "job-cancel" }, makePdf(1));
  await waitFor(() => printer.calls().length === 1, { timeoutMs: 15_000 });
  cloud.cancel("job-cancel");
  const final = await waitFor(() => cloud.finalEvent("job-cancel"), { timeoutMs: 20_000 });
  expect(final.state).toBe("canceled");
});
