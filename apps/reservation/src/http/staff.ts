import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, forbidden, handleOperation, idempotency, storeIdempotentResponse } from "@preprint/service-kit";
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
import {
  handOverOp,
  markReadyOp,
  mount,
  resolveAlertOp,
  staffAlertsOp,
  staffFileOp,
  staffQueueOp,
  staffRefundOp,
  staffReservationOp,
  startPrintingOp,
} from "./api";
import { reservationFileParams } from "./schemas";
import { sendPdf } from "./send-pdf";
import { toAlertView, toStaffQueueView, toStaffRefundView, toStaffReservationView } from "./views";

/** The store on the staff member's token; asking for another store is 403. */
function staffStore(req: express.Request, requested?: string): string {
  const storeId = req.auth!.storeId;
  if (!storeId) throw forbidden("Your staff account is not assigned to a store.", "STAFF_STORE_MISSING");
  if (requested && requested !== storeId) throw forbidden("You are staff of another store.", "OTHER_STORE");
  return storeId;
}

/** A staff member without a store is refused before anything else is read. */
const atStore: express.RequestHandler = (req, _res, next) => {
  staffStore(req);
  next();
};

export function staffRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const staff = requireAuth(ctx.verifyUser, "staff");
  const idem = idempotency({ db: ctx.prisma });
  const step = (req: express.Request, reservationId: string) => ({ reservationId, storeId: staffStore(req), staffId: req.auth!.sub });

  mount(
    r,
    staffQueueOp,
    staff,
    handleOperation(staffQueueOp, async ({ query }, req) => {
      if (!isValidDate(query.date)) throw new AppError(400, "VALIDATION_FAILED", "date is not a calendar date.");
      const storeId = staffStore(req, query.storeId);
      return toStaffQueueView(storeId, query.date, await listStaffQueue(ctx, { storeId, date: query.date }));
    }),
  );

  mount(
    r,
    staffReservationOp,
    staff,
    atStore,
    handleOperation(staffReservationOp, async ({ params }, req) =>
      toStaffReservationView(await showStaffReservation(ctx, params.reservationId, staffStore(req))),
    ),
  );

  // a file is streamed, not answered through a schema
  mount(r, staffFileOp, staff, atStore, async (req, res) => {
    const params = reservationFileParams.parse(req.params);
    sendPdf(
      res,
      await openReservationFile(ctx, { reservationId: params.reservationId, storeId: staffStore(req), uploadId: params.uploadId }),
    );
  });

  mount(
    r,
    startPrintingOp,
    staff,
    atStore,
    handleOperation(startPrintingOp, async ({ params }, req) =>
      toStaffReservationView(await startPrinting(ctx, step(req, params.reservationId))),
    ),
  );

  mount(
    r,
    markReadyOp,
    staff,
    atStore,
    handleOperation(markReadyOp, async ({ params }, req) => toStaffReservationView(await markReady(ctx, step(req, params.reservationId)))),
  );

  mount(
    r,
    handOverOp,
    staff,
    atStore,
    handleOperation(handOverOp, async ({ params, body }, req) =>
      toStaffReservationView(await handOver(ctx, { ...step(req, params.reservationId), pickupCode: body.pickupCode, now: ctx.now() })),
    ),
  );

  mount(
    r,
    staffRefundOp,
    staff,
    atStore,
    idem,
    handleOperation(staffRefundOp, async ({ params, body }, req) => {
      const refund = await refundByStaff(ctx, { ...step(req, params.reservationId), amount: body.amount, reason: body.reason }, (tx, f) =>
        storeIdempotentResponse(req, tx, 202, toStaffRefundView(f)),
      );
      return toStaffRefundView(refund);
    }),
  );

  mount(
    r,
    staffAlertsOp,
    staff,
    handleOperation(staffAlertsOp, async ({ query }, req) => {
      const storeId = staffStore(req, query.storeId);
      return (await listStaffAlerts(ctx, storeId)).map(toAlertView);
    }),
  );

  mount(
    r,
    resolveAlertOp,
    staff,
    atStore,
    handleOperation(resolveAlertOp, async ({ params }, req) => {
      await resolveStaffAlert(ctx, { alertId: params.alertId, storeId: staffStore(req), now: new Date() });
    }),
  );

  return r;
}
