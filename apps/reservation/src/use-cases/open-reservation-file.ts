import { notFound } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findUpload } from "../db/uploads";
import type { FileStorage } from "../storage/storage";
import { fileDeleted, openStoredFile, type StoredFile } from "./open-upload-file";
import { showStaffReservation } from "./show-staff-reservation";

/** A file of a reservation of the staff member's store, to print it. */
export async function openReservationFile(
  d: { prisma: PrismaClient; storage: FileStorage },
  input: { reservationId: string; storeId: string; uploadId: string },
): Promise<StoredFile> {
  const r = await showStaffReservation(d, input.reservationId, input.storeId);
  const item = r.items.find((i) => i.uploadId === input.uploadId);
  if (!item) throw notFound("File", "FILE_NOT_FOUND");
  const upload = await findUpload(d.prisma, item.uploadId);
  if (!upload) throw fileDeleted();
  return openStoredFile(d.storage, upload);
}
