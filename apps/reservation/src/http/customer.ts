import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, idempotency, parseWith, storeIdempotentResponse } from "@preprint/service-kit";
import { annotateSpan } from "@preprint/telemetry";
import { z } from "zod";
import type { Ctx } from "../app";
import { priceFor, quoteView } from "../db/orders";
import { cancelPreview, cancelReservation } from "../db/operations";
import { consentView, createReservation, ownedReservation, reservationView, TX_OPTIONS, type Customer } from "../db/reservations";
import { asHttpError, reservationInclude, type LoadedReservation } from "../db/transitions";
import { acceptedNotice, type AcceptedNotice } from "../domain/consent";
import { madeToOrderNoticeVersion, type RefundPolicy } from "../domain/refund-policy";
import { cancelRequest, createReservationRequest, listReservationsQuery, quoteRequest } from "./schemas";

function customerOf(req: express.Request): Customer {
  const a = req.auth!;
  const email = a.email && z.email().safeParse(a.email).success ? a.email : undefined;
  if (!email) throw new AppError(400, "CUSTOMER_CONTACT_MISSING", "Your account has no e-mail address; add one to make reservations.");
  return { id: a.sub, name: a.name ?? email, email, ...(a.phone ? { phone: a.phone } : {}) };
}

/** A consent to a notice that is no longer the one in force cannot be recorded: the client shows the new one. */
function consentFor(policy: RefundPolicy, noticeVersion: string): AcceptedNotice {
  const accepted = acceptedNotice(policy, noticeVersion);
  if (!accepted) {
    throw new AppError(409, "CONSENT_NOTICE_CHANGED", "The made-to-order notice has changed. Read the current notice and accept it again.", {
      currentNoticeVersion: madeToOrderNoticeVersion(policy),
    });
  }
  return accepted;
}

export function customerRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const customer = requireAuth(ctx.verifyUser, "customer");
  const idem = idempotency({ db: ctx.prisma });

  r.post("/quotes", customer, async (req, res) => {
    const body = parseWith(quoteRequest, req.body);
    const { quote } = await priceFor(ctx.prisma, req.auth!.sub, body.storeId, body.items, ctx.now());
    res.json(quoteView(body.storeId, quote));
  });

  r.post("/reservations", customer, idem, async (req, res) => {
    const body = parseWith(createReservationRequest, req.body);
    const created = (r: LoadedReservation) => ({
      id: r.id,
      status: r.status,
      totalAmount: r.totalAmount,
      currency: r.currency,
      expiresAt: r.expiresAt.toISOString(),
      slotId: r.slotId,
      storeId: r.storeId,
      madeToOrderConsent: consentView(r),
    });
    const rsv = await createReservation(
      ctx.prisma,
      {
        customer: customerOf(req),
        storeId: body.storeId,
        slotId: body.slotId,
        items: body.items,
        holdMinutes: ctx.config.RESERVATION_HOLD_MINUTES,
        now: ctx.now(),
        madeToOrderConsent: body.madeToOrderConsent ? consentFor(ctx.config.REFUND_POLICY_JSON, body.madeToOrderConsent.noticeVersion) : null,
      },
      (tx, r) => storeIdempotentResponse(req, tx, 201, created(r)),
    );
    annotateSpan({ reservationId: rsv.id, storeId: rsv.storeId });
    res.status(201).location(`/reservations/${rsv.id}`).json(created(rsv));
  });

  r.get("/reservations", customer, async (req, res) => {
    const q = parseWith(listReservationsQuery, req.query);
    const rows = await ctx.prisma.reservation.findMany({
      where: { customerId: req.auth!.sub, ...(q.before ? { id: { lt: q.before } } : {}) },
      include: reservationInclude,
      orderBy: { id: "desc" },
      take: q.limit,
    });
    res.json({ items: rows.map(reservationView), nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null });
  });

  r.get("/reservations/:id", customer, async (req, res) => {
    res.json(reservationView(await ownedReservation(ctx.prisma, String(req.params.id), req.auth!.sub)));
  });

  r.get("/reservations/:id/cancel-preview", customer, async (req, res) => {
    const rsv = await ownedReservation(ctx.prisma, String(req.params.id), req.auth!.sub);
    res.json(await cancelPreview(ctx.prisma, rsv, ctx.config.REFUND_POLICY_JSON));
  });

  r.post("/reservations/:id/cancel", customer, idem, async (req, res) => {
    const body = parseWith(cancelRequest.extend({ expectedRefundAmount: z.number().int().nonnegative().optional() }), req.body);
    try {
      const answer = await ctx.prisma.$transaction(async (tx) => {
        const out = await cancelReservation(tx, String(req.params.id), req.auth!.sub, {
          reason: body.reason,
          currentPolicy: ctx.config.REFUND_POLICY_JSON,
          now: ctx.now(),
          expectedRefundAmount: body.expectedRefundAmount,
        });
        const fresh = await ownedReservation(tx, out.reservation.id, req.auth!.sub);
        const view = {
          reservation: reservationView(fresh),
          refundAmount: out.preview.refundAmount,
          refundPercent: out.preview.refundPercent,
          refundId: out.refundId ?? null,
          message: out.preview.message,
        };
        await storeIdempotentResponse(req, tx, 200, view);
        return view;
      }, TX_OPTIONS);
      res.json(answer);
    } catch (err) {
      throw asHttpError(err);
    }
  });

  return r;
}
