import { AppError, notFound } from "@preprint/service-kit";
import { jobById } from "../db/jobs";
import type { DocumentResult } from "../upstream/reservation-client";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";

const gone = () => new AppError(410, "DOCUMENT_GONE", "This document is no longer available.");

/**
 * The PDF of a job the asking agent was given, streamed from the reservation service (printing
 * keeps no copy). Jobs of another store are unknown; purged or canceled jobs are gone.
 */
export async function openJobDocument(
  deps: Deps,
  agent: DevicePrincipal,
  jobId: string,
  signal: AbortSignal,
): Promise<Extract<DocumentResult, { kind: "ok" }>> {
  const job = await jobById(deps.prisma, jobId);
  if (!job || job.storeId !== agent.storeId) throw notFound("Print job", "JOB_NOT_FOUND");
  if (job.status === "PURGED" || job.status === "CANCELED" || job.reservation.status === "REFUNDED") throw gone();
  if (job.deviceId !== agent.deviceId) throw notFound("Print job", "JOB_NOT_FOUND");
  const doc = await deps.reservations.document(job.reservationId, job.itemId, signal);
  if (doc.kind === "gone") throw gone();
  return doc;
}
