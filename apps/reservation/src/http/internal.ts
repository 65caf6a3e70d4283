import express from "express";
import { requireAuth } from "@preprint/auth";
import { notFound } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { reservationInclude } from "../db/transitions";

/** Routes for other services (never routed by the gateway); service tokens only. */
export function internalRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const service = requireAuth(ctx.verifyService, "service");

  r.get("/internal/reservations/:id", service, async (req, res) => {
    const rsv = await ctx.prisma.reservation.findUnique({ where: { id: String(req.params.id) }, include: reservationInclude });
    if (!rsv) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
    const first = rsv.items[0];
    const orderName = first
      ? `${rsv.store.name} 인쇄 ${first.fileName}${rsv.items.length > 1 ? ` 외 ${rsv.items.length - 1}건` : ""}`.slice(0, 100)
      : `${rsv.store.name} 인쇄`;
    res.json({
      id: rsv.id,
      ownerId: rsv.customerId,
      status: rsv.status,
      amount: rsv.totalAmount,
      totalAmount: rsv.totalAmount,
      currency: rsv.currency,
      expiresAt: rsv.expiresAt.toISOString(),
      paymentId: rsv.paymentId,
      paidAmount: rsv.paidAmount,
      refundedAmount: rsv.refundedAmount,
      customer: { id: rsv.customerId, name: rsv.customerName, email: rsv.customerEmail, phone: rsv.customerPhone },
      store: { id: rsv.store.id, name: rsv.store.name, timeZone: rsv.store.timeZone },
      slot: { id: rsv.slot.id, startsAt: rsv.slot.startsAt.toISOString(), endsAt: rsv.slot.endsAt.toISOString() },
      orderName,
    });
  });

  return r;
}
