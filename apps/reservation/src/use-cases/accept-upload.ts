import { open } from "node:fs/promises";
import { newId } from "@preprint/contracts";
import { AppError } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { insertUpload } from "../db/uploads";
import { looksLikePdf, type PdfInspection } from "../domain/pdf";
import type { FileStorage } from "../storage/storage";
import { BUSY_RETRY_AFTER_S, type PdfInspector } from "../uploads/inspector";
import type { Staged } from "../uploads/stage";

export interface UploadChecks {
  inspector: PdfInspector;
  /** per account: its files being checked or waiting for a worker */
  inspecting: Map<string, number>;
  maxPages: number;
  perAccount: number;
}

export const clientGone = () => new AppError(400, "UPLOAD_ABORTED", "The client went away.");

/**
 * Accepts a staged file as the customer's upload: a PDF by its content (header, then parsed in a
 * worker for its pages and encryption), at most `maxPages`, stored, and only then recorded (a
 * storage failure leaves no row; a row that cannot be written takes its object with it).
 * `signal` ends the check when the client goes away; `gone` says whether it already has.
 */
export async function acceptUpload(
  d: { prisma: PrismaClient; storage: FileStorage; checks: UploadChecks; warn: (o: object, msg: string) => void },
  input: { ownerId: string; staged: Staged; signal: AbortSignal; gone: () => boolean },
) {
  const { staged, ownerId } = input;
  const fh = await open(staged.file, "r");
  const head = Buffer.alloc(1024);
  const { bytesRead } = await fh.read(head, 0, 1024, 0);
  await fh.close();
  if (!looksLikePdf(head.subarray(0, bytesRead))) throw new AppError(415, "NOT_A_PDF", "The file is not a PDF.");
  const result = await inspectFor(d.checks, ownerId, staged.file, input);
  if (!result.ok) throw new AppError(result.problem === "NOT_A_PDF" ? 415 : 422, result.problem, result.detail);
  if (result.pages > d.checks.maxPages) {
    throw new AppError(422, "PDF_TOO_MANY_PAGES", `The PDF has ${result.pages} pages; at most ${d.checks.maxPages} are accepted.`);
  }
  const id = newId("upl");
  const storageKey = `${ownerId.replace(/[^A-Za-z0-9_-]/g, "_")}/${id}.pdf`;
  await d.storage.putFile(storageKey, staged.file, staged.sizeBytes, "application/pdf");
  return insertUpload(d.prisma, {
    id,
    ownerId,
    fileName: staged.fileName,
    pages: result.pages,
    sizeBytes: staged.sizeBytes,
    sha256: staged.sha256,
    storageKey,
  }).catch(async (err: unknown) => {
    // without a row the retention job would never find the object: remove it now
    await d.storage.delete(storageKey).catch((e: unknown) => d.warn({ err: e, storageKey }, "could not remove an orphaned upload"));
    throw err;
  });
}

/**
 * One account's files checked or waiting at once are capped, so one account cannot hold every
 * worker and queue place; a client that already went away never gets a worker.
 */
async function inspectFor(
  checks: UploadChecks,
  ownerId: string,
  file: string,
  client: { signal: AbortSignal; gone: () => boolean },
): Promise<PdfInspection> {
  if (client.signal.aborted || client.gone()) throw clientGone();
  const mine = checks.inspecting.get(ownerId) ?? 0;
  if (mine >= checks.perAccount) {
    throw new AppError(503, "UPLOADS_BUSY", "Your other files are still being checked. Please try again in a few seconds.", {
      retryAfterSeconds: BUSY_RETRY_AFTER_S,
    });
  }
  checks.inspecting.set(ownerId, mine + 1);
  try {
    return await checks.inspector.inspect(file, client.signal);
  } finally {
    const left = (checks.inspecting.get(ownerId) ?? 1) - 1;
    if (left <= 0) checks.inspecting.delete(ownerId);
    else checks.inspecting.set(ownerId, left);
  }
}
