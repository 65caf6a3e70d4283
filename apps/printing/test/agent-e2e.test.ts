// End to end on the store's side: the built print agent (apps/print-agent, its own process) takes
// a released job from this service and prints it on a real IPP printer (CUPS's ippeveprinter);
// its events drive the job to COMPLETED here. Needs ippeveprinter: `source scripts/lib.sh &&
// ensure_ipp_printer`, and the agent built (`pnpm --filter @preprint/print-agent build`).
import { waitFor } from "@preprint/test-support";
import { AgentProcess } from "../../print-agent/test/support/agent-process";
import { TestPrinter } from "../../print-agent/test/support/ipp-printer";
import { makePdf } from "../../print-agent/test/support/pdf";
import { call, confirmedReservation, item, jobsOf, outbox, registerDevice, startRig, type Rig } from "./harness";

let rig: Rig;
let printer: TestPrinter;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  rig = await startRig();
  printer = await TestPrinter.start({ behaviour: { delayMs: 200, impressionsPerCopy: 2 } });
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  agent?.removeState();
  await printer?.stop();
  await rig?.dispose();
});

test("when a customer enters the code at the kiosk, then the store's agent prints the document and the job completes with the printer's count", async () => {
  rig.stub.documents.pdf = makePdf(2);
  const device = await registerDevice(rig, "PRINT_AGENT");
  const kiosk = await registerDevice(rig, "KIOSK");
  agent = new AgentProcess({ cloudUrl: rig.base, token: device.token, printerUri: printer.uri });
  agent.start();

  const { reservationId } = await confirmedReservation(rig, {
    pickupCode: "246810",
    items: [item({ fileName: "report.pdf", pages: 2, copies: 1, duplex: false })],
  });
  await new Promise((r) => setTimeout(r, 1_000));
  expect(printer.calls()).toHaveLength(0); // held until the code is entered

  const released = await call(rig, "POST", "/api/kiosk/release", { token: kiosk.token, body: { pickupCode: "246810" } });
  expect(released.status).toBe(202);

  const [done] = await waitFor(
    async () => {
      const jobs = await jobsOf(rig, reservationId);
      return jobs[0]?.status === "COMPLETED" ? jobs : undefined;
    },
    { timeoutMs: 30_000, description: "the job completed" },
  );
  expect(done).toMatchObject({ attempt: 1, impressionsPrinted: 2, impressionsPaid: 2 });
  expect(printer.calls()).toHaveLength(1);
  const events = await rig.service.prisma.printJobEvent.findMany({ where: { jobId: done!.id }, orderBy: { seq: "asc" } });
  expect(events[0]!.state).toBe("received");
  expect(events.at(-1)!.state).toBe("completed");
  expect((await outbox(rig, "print.completed")).filter((e) => e.reservationId === reservationId)).toEqual([
    expect.objectContaining({ impressionsPrinted: 2, impressionsPaid: 2, printerUri: printer.uri }),
  ]);
  const shown = await call(rig, "GET", `/api/kiosk/reservations/${reservationId}`, { token: kiosk.token });
  expect(shown.body.status).toBe("COMPLETED");
  await waitFor(async () => (await rig.service.prisma.printerStatus.count({ where: { deviceId: device.deviceId } })) === 1, {
    timeoutMs: 10_000,
    description: "the agent reported its printer",
  });
}, 90_000);
