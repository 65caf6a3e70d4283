import express from "express";
import { z } from "zod";
import { requireAuth } from "@preprint/auth";
import { AppError, handleOperation, idempotency, storeIdempotentResponse } from "@preprint/service-kit";
import { annotateSpan } from "@preprint/telemetry";
import type { Ctx } from "../context";
import { cancelReservation } from "../use-cases/cancel-reservation";
import { createReservation, type Customer } from "../use-cases/create-reservation";
import { getReservation } from "../use-cases/get-reservation";
import { listReservations } from "../use-cases/list-reservations";
import { previewCancellation } from "../use-cases/preview-cancellation";
import { quoteItems } from "../use-cases/quote-items";
import { cancelPreviewOp, cancelReservationOp, createReservationOp, getReservationOp, listReservationsOp, mount, quoteOp } from "./api";
import {
  toCancellationView,
  toCancelPreviewView,
  toCreatedReservationView,
  toQuoteView,
  toReservationListView,
  toReservationView,
} from "./views";

/** The customer as their access token names them; a reservation needs an e-mail address to reach them. */
function customerOf(req: express.Request): Customer {
  const a = req.auth!;
  const email = a.email && z.email().safeParse(a.email).success ? a.email : undefined;
  if (!email) throw new AppError(400, "CUSTOMER_CONTACT_MISSING", "Your account has no e-mail address; add one to make reservations.");
  return { id: a.sub, name: a.name ?? email, email, ...(a.phone ? { phone: a.phone } : {}) };
}

export function customerRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const customer = requireAuth(ctx.verifyUser, "customer");
  const idem = idempotency({ db: ctx.prisma });
  const policy = ctx.config.REFUND_POLICY_JSON;

  mount(
    r,
    quoteOp,
    customer,
    handleOperation(quoteOp, async ({ body }, req) => {
      const { quote } = await quoteItems(ctx, { customerId: req.auth!.sub, storeId: body.storeId, items: body.items, now: ctx.now() });
      return toQuoteView(body.storeId, quote);
    }),
  );

  mount(
    r,
    createReservationOp,
    customer,
    idem,
    handleOperation(createReservationOp, async ({ body }, req, res) => {
      const rsv = await createReservation(
        { prisma: ctx.prisma, policy, holdMinutes: ctx.config.RESERVATION_HOLD_MINUTES },
        {
          customer: customerOf(req),
          storeId: body.storeId,
          slotId: body.slotId,
          items: body.items,
          now: ctx.now(),
          madeToOrderNoticeVersion: body.madeToOrderConsent?.noticeVersion ?? null,
        },
        (tx, r) => storeIdempotentResponse(req, tx, 201, toCreatedReservationView(r)),
      );
      annotateSpan({ reservationId: rsv.id, storeId: rsv.storeId });
      res.location(`/reservations/${rsv.id}`);
      return toCreatedReservationView(rsv);
    }),
  );

  mount(
    r,
    listReservationsOp,
    customer,
    handleOperation(listReservationsOp, async ({ query }, req) => toReservationListView(await listReservations(ctx, req.auth!.sub, query))),
  );

  mount(
    r,
    getReservationOp,
    customer,
    handleOperation(getReservationOp, async ({ params }, req) =>
      toReservationView(await getReservation(ctx.prisma, params.reservationId, req.auth!.sub)),
    ),
  );

  mount(
    r,
    cancelPreviewOp,
    customer,
    handleOperation(cancelPreviewOp, async ({ params }, req) =>
      toCancelPreviewView(await previewCancellation({ prisma: ctx.prisma, policy }, params.reservationId, req.auth!.sub)),
    ),
  );

  mount(
    r,
    cancelReservationOp,
    customer,
    idem,
    handleOperation(cancelReservationOp, async ({ params, body }, req) => {
      const cancelled = await cancelReservation(
        { prisma: ctx.prisma, policy },
        { id: params.reservationId, customerId: req.auth!.sub, reason: body.reason, expectedRefundAmount: body.expectedRefundAmount },
        (tx, c) => storeIdempotentResponse(req, tx, 200, toCancellationView(c)),
      );
      return toCancellationView(cancelled);
    }),
  );

  return r;
}
