import type { Readable } from "node:stream";
import { AppError, notFound } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findUpload } from "../db/uploads";
import { FileMissingError, type FileStorage } from "../storage/storage";

export interface StoredFile {
  fileName: string;
  sizeBytes: number;
  stream: Readable;
}

export const fileDeleted = (detail = "This file was deleted under the retention policy.") => new AppError(410, "FILE_DELETED", detail);

/** Opens an upload's stored PDF; one removed by retention (row or object) is 410 FILE_DELETED. */
export async function openStoredFile(
  storage: FileStorage,
  u: { storageKey: string; fileName: string; sizeBytes: number; deletedAt: Date | null },
): Promise<StoredFile> {
  if (u.deletedAt) throw fileDeleted();
  try {
    return { fileName: u.fileName, sizeBytes: u.sizeBytes, stream: await storage.get(u.storageKey) };
  } catch (err) {
    if (err instanceof FileMissingError) throw fileDeleted("This file is no longer stored.");
    throw err;
  }
}

/** The customer's own upload, as a PDF stream. */
export async function openUploadFile(
  d: { prisma: PrismaClient; storage: FileStorage },
  input: { uploadId: string; ownerId: string },
): Promise<StoredFile> {
  const u = await findUpload(d.prisma, input.uploadId);
  if (!u || u.ownerId !== input.ownerId) throw notFound("Upload", "UPLOAD_NOT_FOUND");
  return openStoredFile(d.storage, u);
}
