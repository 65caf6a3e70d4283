import { pruneInbox } from "@preprint/messaging";
import { daysMs, retentionJob, type JobSpec, type Logger } from "@preprint/service-kit";
import type { Deps } from "../use-cases/deps";
import { dispatchDueJobs } from "../use-cases/dispatch-jobs";
import { purgeExpired } from "../use-cases/purge-expired";
import { pruneKioskTries } from "../use-cases/release-at-kiosk";

export const DISPATCH_JOB = "print-ahead-dispatch";
export const PURGE_JOB = "print-purge";

/** PRINT_AHEAD stores: held jobs whose time before the slot has come go to the agents. */
export function dispatchJob(deps: Deps, intervalMs: number): JobSpec {
  return { name: DISPATCH_JOB, intervalMs, jitter: 0.1, run: () => dispatchDueJobs(deps) };
}

/** Reservations past their store's window are purged (print.purged); counted kiosk tries and old inbox rows go. */
export function purgeJob(deps: Deps, o: { intervalMs: number; inboxDays: number }, logger: Logger): JobSpec {
  return retentionJob({
    name: PURGE_JOB,
    tasks: [
      { name: "print_reservations", run: () => purgeExpired(deps) },
      { name: "kiosk_attempts", run: () => pruneKioskTries(deps) },
      { name: "inbox_events", run: () => pruneInbox(deps.prisma, { olderThanMs: daysMs(o.inboxDays) }) },
    ],
    intervalMs: o.intervalMs,
    logger,
  });
}
