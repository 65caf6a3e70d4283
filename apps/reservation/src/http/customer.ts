import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, idempotency, parseWith, storeIdempotentResponse } from "@preprint/service-kit";
import { annotateSpan } from "@preprint/telemetry";
import { z } from "zod";
import type { Ctx } from "../context";
import { cancelReservation } from "../use-cases/cancel-reservation";
import { createReservation, type Customer } from "../use-cases/create-reservation";
import { getReservation } from "../use-cases/get-reservation";
import { listReservations } from "../use-cases/list-reservations";
import { previewCancellation } from "../use-cases/preview-cancellation";
import { quoteItems } from "../use-cases/quote-items";
import { cancelRequest, createReservationRequest, listReservationsQuery, quoteRequest } from "./schemas";
import { toCancelPreviewView, toCancellationView, toCreatedReservationView, toQuoteView, toReservationListView, toReservationView } from "./views";

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

  r.post("/quotes", customer, async (req, res) => {
    const body = parseWith(quoteRequest, req.body);
    const { quote } = await quoteItems(ctx, { customerId: req.auth!.sub, storeId: body.storeId, items: body.items, now: ctx.now() });
    res.json(toQuoteView(body.storeId, quote));
  });

  r.post("/reservations", customer, idem, async (req, res) => {
    const body = parseWith(createReservationRequest, req.body);
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
    res.status(201).location(`/reservations/${rsv.id}`).json(toCreatedReservationView(rsv));
  });

  r.get("/reservations", customer, async (req, res) => {
    const q = parseWith(listReservationsQuery, req.query);
    res.json(toReservationListView(await listReservations(ctx, req.auth!.sub, q)));
  });

  r.get("/reservations/:id", customer, async (req, res) => {
    res.json(toReservationView(await getReservation(ctx.prisma, String(req.params.id), req.auth!.sub)));
  });

  r.get("/reservations/:id/cancel-preview", customer, async (req, res) => {
    res.json(toCancelPreviewView(await previewCancellation({ prisma: ctx.prisma, policy }, String(req.params.id), req.auth!.sub)));
  });

  r.post("/reservations/:id/cancel", customer, idem, async (req, res) => {
    const body = parseWith(cancelRequest, req.body);
    const cancelled = await cancelReservation(
      { prisma: ctx.prisma, policy },
      { id: String(req.params.id), customerId: req.auth!.sub, reason: body.reason, expectedRefundAmount: body.expectedRefundAmount },
      (tx, c) => storeIdempotentResponse(req, tx, 200, toCancellationView(c)),
    );
    res.json(toCancellationView(cancelled));
  });

  return r;
}
