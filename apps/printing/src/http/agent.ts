import type express from "express";
import { handleOperation, parseWith } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { openJobDocument } from "../use-cases/open-job-document";
import { recordJobEvent } from "../use-cases/record-job-event";
import { recordPrinterStatus } from "../use-cases/record-printer-status";
import { takeJobs } from "../use-cases/take-jobs";
import { jobDocumentOp, jobEventOp, printerStatusOp, takeJobsOp } from "./api";
import { requireDevice } from "./device-auth";
import { jobParams } from "./schemas";
import { serveDeclared } from "./serve";

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

  serveDeclared(
    app,
    takeJobsOp,
    agent,
    handleOperation(takeJobsOp, async ({ query }, req, res) => {
      const answer = await takeJobs(deps, req.device!, query.wait, opts.recheckMs, clientGone(req, res));
      // the agent gave up on the long poll: ending the gone response leaves nothing to send
      if (res.destroyed) res.end();
      else res.setHeader("Cache-Control", "no-store");
      return answer;
    }),
  );

  serveDeclared(
    app,
    jobDocumentOp,
    agent,
    // streamed, not sent: the body is piped after this handler returns, so handleOperation (which
    // would end a response whose headers are not out yet) is not used here
    async (req, res) => {
      const { jobId } = parseWith(jobParams, req.params);
      const doc = await openJobDocument(deps, req.device!, jobId, clientGone(req, res));
      res.setHeader("Content-Type", "application/pdf");
      if (doc.length) res.setHeader("Content-Length", doc.length);
      res.setHeader("Cache-Control", "private, no-store");
      // a cut upstream cuts this response (short of its Content-Length): the agent fetches again
      doc.body.on("error", (err) => res.destroy(err));
      doc.body.pipe(res);
    },
  );

  serveDeclared(
    app,
    jobEventOp,
    agent,
    handleOperation(jobEventOp, async ({ params, body }, req) => {
      const { duplicate } = await recordJobEvent(deps, req.device!, params.jobId, body);
      return { accepted: true as const, duplicate };
    }),
  );

  serveDeclared(
    app,
    printerStatusOp,
    agent,
    handleOperation(printerStatusOp, ({ body }, req) => recordPrinterStatus(deps, req.device!, body)),
  );
}
