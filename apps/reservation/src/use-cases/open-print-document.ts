import { notFound } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { findReservation } from "../db/reservations";
import { findUpload } from "../db/uploads";
import type { FileStorage } from "../storage/storage";
import { fileDeleted, openStoredFile, type StoredFile } from "./open-upload-file";

/** The PDF of one item of a reservation, for the printing service to hand to the store's print agent. */
export async function openPrintDocument(
  d: { prisma: PrismaClient; storage: FileStorage },
  input: { reservationId: string; itemId: string },
): Promise<StoredFile> {
  const r = await findReservation(d.prisma, input.reservationId);
  const item = r?.items.find((i) => i.id === input.itemId);
  if (!item) throw notFound("Reservation item", "ITEM_NOT_FOUND");
  const upload = await findUpload(d.prisma, item.uploadId);
  if (!upload) throw fileDeleted();
  return openStoredFile(d.storage, upload);
}
