import { notFound } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findUpload } from "../db/uploads";

/** The customer's own upload's record (also once its file is deleted). */
export async function getUpload(d: { prisma: PrismaClient }, input: { uploadId: string; ownerId: string }) {
  const u = await findUpload(d.prisma, input.uploadId);
  if (!u || u.ownerId !== input.ownerId) throw notFound("Upload", "UPLOAD_NOT_FOUND");
  return u;
}
