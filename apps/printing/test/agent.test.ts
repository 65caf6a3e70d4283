import { call, confirmedReservation, jobsOf, outbox, PDF, registerDevice, setRules, startRig, STORE, type Rig } from "./harness";

let rig: Rig;
let kiosk: { token: string };
beforeAll(async () => {
  rig = await startRig();
  kiosk = await registerDevice(rig, "KIOSK");
}, 60_000);
afterAll(() => rig?.dispose());

let codeSeq = 200000;
/** A confirmed reservation released at the kiosk: its jobs wait for the store's agents. */
async function released() {
  const pickupCode = String(codeSeq++);
  const r = await confirmedReservation(rig, { pickupCode });
  rig.clock.now = new Date(rig.clock.now.getTime() + 15_000); // the kiosk's try limit is not what these tests are about
  const res = await call(rig, "POST", "/api/kiosk/release", { token: kiosk.token, body: { pickupCode } });
  expect(res.status).toBe(202);
  return r;
}

const take = (token: string, wait = 0) => call(rig, "GET", `/api/agent/jobs?wait=${wait}`, { token });
let seqOf = new Map<string, number>();
function event(jobId: string, attempt: number, state: string, impressionsCompleted = 0, reasons: string[] = []) {
  const seq = (seqOf.get(jobId) ?? 0) + 1;
  seqOf.set(jobId, seq);
  return {
    attempt,
    seq,
    state,
    reasons,
    impressionsCompleted,
    printerUri: "ipp://192.168.0.20/ipp/print",
    printerJobId: 117,
    at: new Date().toISOString(),
  };
}
const report = (token: string, jobId: string, body: unknown) => call(rig, "POST", `/api/agent/jobs/${jobId}/events`, { token, body });

beforeEach(() => {
  seqOf = new Map();
});

describe("the print agent", () => {
  it("when a job is released while the agent waits, then the waiting request answers with it; it is offered until the agent reports on it", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    await take(agent.token); // drains anything earlier tests released
    const waiting = take(agent.token, 10);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const { reservationId } = await released();
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.body.jobs).toHaveLength(1);
    const job = res.body.jobs[0];
    expect(job).toMatchObject({
      reservationId,
      fileName: "thesis-final.pdf",
      pages: 12,
      copies: 2,
      colorMode: "monochrome",
      duplex: true,
      paperSize: "A4",
      attempt: 1,
    });

    // the document, streamed from the reservation service
    const doc = await fetch(rig.base + job.documentUrl, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await doc.arrayBuffer())).toEqual(PDF);

    // offered again until any event for the attempt is accepted (the agent may have died before journaling)
    expect((await take(agent.token)).body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([job.jobId]);
    expect((await report(agent.token, job.jobId, event(job.jobId, 1, "received"))).status).toBe(200);
    expect((await take(agent.token)).body.jobs).toEqual([]);

    // another agent of the store never gets it
    const second = await registerDevice(rig, "PRINT_AGENT");
    expect((await take(second.token)).body.jobs).toEqual([]);
    expect((await call(rig, "GET", job.documentUrl, { token: second.token })).status).toBe(404);
  });

  it("when an empty long poll's time is up, then it answers with empty lists", async () => {
    const store = { id: "sto_empty" };
    const agent = await registerDevice(rig, "PRINT_AGENT", store.id);
    const started = Date.now();
    const res = await take(agent.token, 1);
    expect(res.body).toEqual({ jobs: [], cancel: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("when the same event comes twice, then it is stored once and both answers are 2xx; another event under its seq is a conflict", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    const { reservationId } = await released();
    const [job] = (await take(agent.token)).body.jobs.filter((j: { reservationId: string }) => j.reservationId === reservationId);
    const e = event(job.jobId, 1, "processing", 3, ["job-printing"]);
    const first = await report(agent.token, job.jobId, e);
    const repeat = await report(agent.token, job.jobId, e);
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect([first.body.duplicate, repeat.body.duplicate]).toEqual([false, true]);
    expect(await rig.service.prisma.printJobEvent.count({ where: { jobId: job.jobId } })).toBe(1);
    const clash = await report(agent.token, job.jobId, { ...e, state: "completed" });
    expect(clash.status).toBe(409);

    const done = event(job.jobId, 1, "completed", 24, ["job-completed-successfully"]);
    expect((await report(agent.token, job.jobId, done)).status).toBe(200);
    expect((await report(agent.token, job.jobId, done)).status).toBe(200);
    const [row] = await jobsOf(rig, reservationId);
    expect(row).toMatchObject({ status: "COMPLETED", impressionsPrinted: 24, impressionsPaid: 24 });
    const completed = (await outbox(rig, "print.completed")).filter((d) => d.jobId === job.jobId);
    expect(completed).toEqual([expect.objectContaining({ impressionsPrinted: 24, impressionsPaid: 24, attempt: 1 })]);
    // unknown job, or another store's agent
    expect((await report(agent.token, "pj_nope", event("pj_nope", 1, "received"))).status).toBe(404);
    const foreign = await registerDevice(rig, "PRINT_AGENT", "sto_other");
    expect((await report(foreign.token, job.jobId, event(job.jobId, 1, "received"))).status).toBe(404);
  });

  it("when a job fails before any page, then it is offered again as a new attempt, and after the store's retry limit a full refund is asked for", async () => {
    const store = { ...STORE };
    await setRules(rig, store.id, { retryLimit: 1 });
    try {
      const agent = await registerDevice(rig, "PRINT_AGENT");
      const { reservationId } = await released();
      const [job] = (await take(agent.token)).body.jobs.filter((j: { reservationId: string }) => j.reservationId === reservationId);
      await report(agent.token, job.jobId, event(job.jobId, 1, "received"));
      await report(agent.token, job.jobId, event(job.jobId, 1, "aborted", 0, ["aborted-by-system"]));

      const retried = (await take(agent.token)).body.jobs.find((j: { jobId: string }) => j.jobId === job.jobId);
      expect(retried.attempt).toBe(2);
      expect((await outbox(rig, "print.requested")).filter((d) => d.jobId === job.jobId).map((d) => d.attempt)).toEqual([1, 2]);
      // a late report of attempt 1 changes nothing
      await report(agent.token, job.jobId, event(job.jobId, 1, "completed", 24));
      expect((await jobsOf(rig, reservationId))[0]).toMatchObject({ status: "SENT", attempt: 2, impressionsPrinted: 0 });
      await report(agent.token, job.jobId, event(job.jobId, 2, "canceled", 0, ["canceled-by-user"]));

      const [row] = await jobsOf(rig, reservationId);
      expect(row).toMatchObject({ status: "FAILED", attempt: 2, impressionsPrinted: 0, failureReason: "CANCELED" });
      const failed = (await outbox(rig, "print.failed")).filter((d) => d.jobId === job.jobId);
      expect(failed).toEqual([expect.objectContaining({ refundable: true, impressionsPrinted: 0, reason: "CANCELED", reservationId })]);
    } finally {
      await setRules(rig, store.id, { retryLimit: 2 });
    }
  });

  it("when a job stops half-way, then it is not retried and print.failed carries the pages printed for staff", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    const { reservationId } = await released();
    const [job] = (await take(agent.token)).body.jobs.filter((j: { reservationId: string }) => j.reservationId === reservationId);
    await report(agent.token, job.jobId, event(job.jobId, 1, "processing", 5));
    await report(agent.token, job.jobId, event(job.jobId, 1, "aborted", 7, ["aborted-by-system", "media-jam-error"]));
    const [row] = await jobsOf(rig, reservationId);
    expect(row).toMatchObject({ status: "FAILED", attempt: 1, impressionsPrinted: 7 });
    const failed = (await outbox(rig, "print.failed")).filter((d) => d.jobId === job.jobId);
    expect(failed).toEqual([
      expect.objectContaining({
        refundable: false,
        impressionsPrinted: 7,
        impressionsPaid: 24,
        reason: "ABORTED",
        printerReasons: ["aborted-by-system", "media-jam-error"],
      }),
    ]);
    expect((await take(agent.token)).body.jobs.filter((j: { jobId: string }) => j.jobId === job.jobId)).toEqual([]);
  });

  it("when the document is gone, then the agent gets 410", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    const { reservationId, items } = await released();
    rig.stub.gone.add(items[0]!.id);
    const [job] = (await take(agent.token)).body.jobs.filter((j: { reservationId: string }) => j.reservationId === reservationId);
    const res = await call(rig, "GET", job.documentUrl, { token: agent.token });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe("DOCUMENT_GONE");
  });

  it("when a printer reports, then the newest report per printer is kept", async () => {
    const agent = await registerDevice(rig, "PRINT_AGENT");
    const at = new Date();
    const body = {
      printerUri: "ipp://192.168.0.20/ipp/print",
      state: "idle",
      reasons: [],
      acceptingJobs: true,
      documentFormats: ["application/pdf"],
      agentVersion: "0.1.0",
    };
    expect(
      (await call(rig, "POST", "/api/agent/printer-status", { token: agent.token, body: { ...body, at: at.toISOString() } })).status,
    ).toBe(204);
    const older = new Date(at.getTime() - 60_000).toISOString();
    await call(rig, "POST", "/api/agent/printer-status", {
      token: agent.token,
      body: { ...body, state: "stopped", reasons: ["media-empty-error"], at: older },
    });
    const row = await rig.service.prisma.printerStatus.findFirstOrThrow({ where: { deviceId: agent.deviceId } });
    expect(row.state).toBe("idle");
  });

  it("when a reservation's window has ended, then the purge job voids it, stops its unclaimed jobs and publishes print.purged", async () => {
    const { reservationId } = await confirmedReservation(rig, { pickupCode: "909090" });
    rig.clock.now = new Date("2026-12-08T05:00:00.000Z");
    try {
      await rig.service.jobs.get("print-purge").runOnce();
    } finally {
      rig.clock.now = new Date("2026-12-07T03:30:00.000Z");
    }
    expect((await jobsOf(rig, reservationId)).map((j) => j.status)).toEqual(["PURGED"]);
    const purged = (await outbox(rig, "print.purged")).filter((d) => d.reservationId === reservationId);
    expect(purged).toEqual([expect.objectContaining({ reason: "UNCLAIMED", storeId: STORE.id })]);
    const res = await call(rig, "POST", "/api/kiosk/release", { token: kiosk.token, body: { pickupCode: "909090" } });
    expect(res.status).toBe(404);
  });
});
