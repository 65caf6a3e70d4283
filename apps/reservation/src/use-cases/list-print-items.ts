import type { PrismaClient } from "../db/client";
import { findReservation } from "../db/reservations";
import { reservationNotFound } from "./errors";

export interface PrintItem {
  id: string;
  uploadId: string;
  fileName: string;
  pages: number;
  copies: number;
  colorMode: string;
  duplex: boolean;
  paperSize: string;
}

/** What the printing service prints for a reservation: one entry per item, in a stable order. */
export async function listPrintItems(
  d: { prisma: PrismaClient },
  reservationId: string,
): Promise<{ reservationId: string; items: PrintItem[] }> {
  const r = await findReservation(d.prisma, reservationId);
  if (!r) throw reservationNotFound();
  const items = [...r.items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    reservationId: r.id,
    items: items.map((i) => ({
      id: i.id,
      uploadId: i.uploadId,
      fileName: i.fileName,
      pages: i.pages,
      copies: i.copies,
      colorMode: i.colorMode,
      duplex: i.duplex,
      paperSize: i.paperSize,
    })),
  };
}
