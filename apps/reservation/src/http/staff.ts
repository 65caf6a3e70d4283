import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, forbidden, idempotency, parseWith, storeIdempotentResponse } from "@preprint/service-kit";
import type { Ctx } from "../context";
import { isValidDate } from "../domain/time";
import { handOver } from "../use-cases/hand-over";
import { listStaffAlerts } from "../use-cases/list-staff-alerts";
import { listStaffQueue } from "../use-cases/list-staff-queue";
import { markReady } from "../use-cases/mark-ready";
import { openReservationFile } from "../use-cases/open-reservation-file";
import { refundByStaff } from "../use-cases/refund-by-staff";
import { resolveStaffAlert } from "../use-cases/resolve-staff-alert";
import { showStaffReservation } from "../use-cases/show-staff-reservation";
import { startPrinting } from "../use-cases/start-printing";
import { pickupRequest, staffQueueQuery, staffRefundRequest } from "./schemas";
import { sendPdf } from "./send-pdf";
import { toAlertView, toStaffQueueView, toStaffRefundView, toStaffReservationView } from "./views";

/** The store on the staff member's token; asking for another store is 403. */
function staffStore(req: express.Request, requested?: string): string {
  const storeId = req.auth!.storeId;
  if (!storeId) throw forbidden("Your staff account is not assigned to a store.", "STAFF_STORE_MISSING");
  if (requested && requested !== storeId) throw forbidden("You are staff of another store.", "OTHER_STORE");
  return storeId;
}

export function staffRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const staff = requireAuth(ctx.verifyUser, "staff");
  const idem = idempotency({ db: ctx.prisma });

  r.get("/staff/reservations", staff, async (req, res) => {
    const q = parseWith(staffQueueQuery, req.query);
    if (!isValidDate(q.date)) throw new AppError(400, "VALIDATION_FAILED", "date is not a calendar date.");
    const storeId = staffStore(req, q.storeId);
    res.json(toStaffQueueView(storeId, q.date, await listStaffQueue(ctx, { storeId, date: q.date })));
  });

  r.get("/staff/reservations/:id", staff, async (req, res) => {
    res.json(toStaffReservationView(await showStaffReservation(ctx, String(req.params.id), staffStore(req))));
  });

  r.get("/staff/reservations/:id/files/:uploadId", staff, async (req, res) => {
    const file = await openReservationFile(ctx, { reservationId: String(req.params.id), storeId: staffStore(req), uploadId: String(req.params.uploadId) });
    sendPdf(res, file);
  });

  const step = (req: express.Request) => ({ reservationId: String(req.params.id), storeId: staffStore(req), staffId: req.auth!.sub });

  r.post("/staff/reservations/:id/printing", staff, async (req, res) => {
    res.json(toStaffReservationView(await startPrinting(ctx, step(req))));
  });

  r.post("/staff/reservations/:id/ready", staff, async (req, res) => {
    res.json(toStaffReservationView(await markReady(ctx, step(req))));
  });

  r.post("/staff/reservations/:id/picked-up", staff, async (req, res) => {
    const input = step(req);
    const body = parseWith(pickupRequest, req.body);
    res.json(toStaffReservationView(await handOver(ctx, { ...input, pickupCode: body.pickupCode, now: ctx.now() })));
  });

  r.post("/staff/reservations/:id/refund", staff, idem, async (req, res) => {
    const storeId = staffStore(req);
    const body = parseWith(staffRefundRequest, req.body);
    const refund = await refundByStaff(
      ctx,
      { reservationId: String(req.params.id), storeId, staffId: req.auth!.sub, amount: body.amount, reason: body.reason },
      (tx, f) => storeIdempotentResponse(req, tx, 202, toStaffRefundView(f)),
    );
    res.status(202).json(toStaffRefundView(refund));
  });

  r.get("/staff/alerts", staff, async (req, res) => {
    const storeId = staffStore(req, typeof req.query.storeId === "string" ? req.query.storeId : undefined);
    res.json((await listStaffAlerts(ctx, storeId)).map(toAlertView));
  });

  r.post("/staff/alerts/:id/resolve", staff, async (req, res) => {
    await resolveStaffAlert(ctx, { alertId: String(req.params.id), storeId: staffStore(req), now: new Date() });
    res.status(204).end();
  });

  return r;
}
