import express from "express";
import { requireAuth } from "@preprint/auth";
import type { Ctx } from "../context";
import { listPrintItems } from "../use-cases/list-print-items";
import { openPrintDocument } from "../use-cases/open-print-document";

/**
 * The printing service's view of a reservation's documents (service tokens only, never routed by
 * the gateway): what to print per item, and the PDF of one item, streamed.
 */
export function internalFileRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const service = requireAuth(ctx.verifyService, "service");

  r.get("/internal/reservations/:id/items", service, async (req, res) => {
    res.json(await listPrintItems(ctx, String(req.params.id)));
  });

  r.get("/internal/reservations/:id/items/:itemId/document", service, async (req, res) => {
    const file = await openPrintDocument(ctx, { reservationId: String(req.params.id), itemId: String(req.params.itemId) });
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Length", String(file.sizeBytes));
    res.setHeader("Cache-Control", "private, no-store");
    file.stream.pipe(res);
  });

  return r;
}
