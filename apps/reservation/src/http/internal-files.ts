import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, notFound } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { FileMissingError } from "../storage/storage";

/**
 * The printing service's view of a reservation's documents (service tokens only, never routed by
 * the gateway): what to print per item, and the PDF of one item, streamed.
 */
export function internalFileRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const service = requireAuth(ctx.verifyService, "service");

  r.get("/internal/reservations/:id/items", service, async (req, res) => {
    const rsv = await ctx.prisma.reservation.findUnique({ where: { id: String(req.params.id) }, include: { items: { orderBy: { id: "asc" } } } });
    if (!rsv) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
    res.json({
      reservationId: rsv.id,
      items: rsv.items.map((i) => ({
        id: i.id,
        uploadId: i.uploadId,
        fileName: i.fileName,
        pages: i.pages,
        copies: i.copies,
        colorMode: i.colorMode,
        duplex: i.duplex,
        paperSize: i.paperSize,
      })),
    });
  });

  r.get("/internal/reservations/:id/items/:itemId/document", service, async (req, res) => {
    const item = await ctx.prisma.reservationItem.findFirst({
      where: { id: String(req.params.itemId), reservationId: String(req.params.id) },
      include: { upload: true },
    });
    if (!item) throw notFound("Reservation item", "ITEM_NOT_FOUND");
    if (item.upload.deletedAt) throw new AppError(410, "FILE_DELETED", "This file was deleted under the retention policy.");
    let stream;
    try {
      stream = await ctx.storage.get(item.upload.storageKey);
    } catch (err) {
      if (err instanceof FileMissingError) throw new AppError(410, "FILE_DELETED", "This file is no longer stored.");
      throw err;
    }
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Length", String(item.upload.sizeBytes));
    res.setHeader("Cache-Control", "private, no-store");
    stream.pipe(res);
  });

  return r;
}
