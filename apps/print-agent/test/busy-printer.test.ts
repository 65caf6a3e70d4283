// A printer that is busy with another client's job answers Print-Job with server-error-busy:
// the agent waits and sends again, and the printer ends up with exactly one copy of its job.
import fs from "node:fs";
import path from "node:path";
import { waitFor } from "@preprint/test-support";
import { IppClient } from "../src/ipp/client";
import { makePdf } from "./support/pdf";
import { startRig, type Rig } from "./support/rig";
import { removeTempDirs, tempDir } from "./support/temp";

afterAll(removeTempDirs);

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

test("a busy printer makes the agent wait and retry, never submit twice", async () => {
  rig = await startRig({ printer: { behaviour: { delayMs: 5000 } } });
  const { cloud, printer, agent } = rig;
  await waitFor(() => agent.hasLogged("print agent started"), { timeoutMs: 10_000 });

  // someone else's job occupies the printer first
  const other = path.join(tempDir("other-job"), "other.pdf");
  fs.writeFileSync(other, makePdf(1));
  await new IppClient(printer.uri).printJob({
    jobName: "walk-in-customer",
    documentFormat: "application/pdf",
    documentPath: other,
    template: [],
  });
  await waitFor(() => printer.calls().length === 1, { timeoutMs: 10_000 });

  cloud.addJob({ jobId: "job-busy" }, makePdf(1));

  const waiting = await waitFor(() => cloud.eventsOf("job-busy").find((e) => e.state === "waiting"), { timeoutMs: 15_000 });
  expect(waiting.reasons).toEqual(["server-error-busy"]);

  const final = await waitFor(() => cloud.finalEvent("job-busy"), { timeoutMs: 30_000 });
  expect(final.state).toBe("completed");
  expect(printer.calls().map((c) => c.jobName)).toEqual(["walk-in-customer", "preprint-job-busy-1"]);
  expect(printer.spooledDocuments().filter((f) => f.includes("job-busy"))).toHaveLength(1);
  // the busy answers were retried, not reported one by one
  expect(cloud.eventsOf("job-busy").filter((e) => e.state === "waiting")).toHaveLength(1);
});
