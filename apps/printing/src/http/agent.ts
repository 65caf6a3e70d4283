import type express from "express";
import { parseWith } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { openJobDocument } from "../use-cases/open-job-document";
import { recordJobEvent } from "../use-cases/record-job-event";
import { recordPrinterStatus } from "../use-cases/record-printer-status";
import { takeJobs } from "../use-cases/take-jobs";
import { requireDevice } from "./device-auth";
import { jobEventAnswerSchema, jobEventBody, jobParams, jobsAnswerSchema, printerStatusBody, takeJobsQuery } from "./schemas";

/** An AbortSignal that fires when the client goes away before we answered. */
function clientGone(req: express.Request, res: express.Response): AbortSignal {
  const ac = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) ac.abort();
  });
  req.on("aborted", () => ac.abort());
  return ac.signal;
}

/** The print agent's side of the protocol (docs/agent-protocol.md). */
export function agentRoutes(app: express.Express, deps: Deps, opts: { recheckMs: number }): void {
  const agent = requireDevice(deps, "PRINT_AGENT");

  app.get("/api/agent/jobs", agent, async (req, res) => {
    const { wait } = parseWith(takeJobsQuery, req.query);
    const answer = await takeJobs(deps, req.device!, wait, opts.recheckMs, clientGone(req, res));
    if (res.destroyed) return;
    res.setHeader("Cache-Control", "no-store").json(jobsAnswerSchema.parse(answer));
  });

  app.get("/api/agent/jobs/:jobId/document", agent, async (req, res) => {
    const { jobId } = parseWith(jobParams, req.params);
    const doc = await openJobDocument(deps, req.device!, jobId, clientGone(req, res));
    res.setHeader("Content-Type", "application/pdf");
    if (doc.length) res.setHeader("Content-Length", doc.length);
    res.setHeader("Cache-Control", "private, no-store");
    // a cut upstream cuts this response (short of its Content-Length): the agent fetches again
    doc.body.on("error", (err) => res.destroy(err));
    doc.body.pipe(res);
  });

  app.post("/api/agent/jobs/:jobId/events", agent, async (req, res) => {
    const { jobId } = parseWith(jobParams, req.params);
    const body = parseWith(jobEventBody, req.body);
    const { duplicate } = await recordJobEvent(deps, req.device!, jobId, body);
    res.status(200).json(jobEventAnswerSchema.parse({ accepted: true, duplicate }));
  });

  app.post("/api/agent/printer-status", agent, async (req, res) => {
    const body = parseWith(printerStatusBody, req.body);
    await recordPrinterStatus(deps, req.device!, body);
    res.status(204).end();
  });
}
