import express from "express";
import { requireAuth } from "@preprint/auth";
import type { Ctx } from "../context";
import { lookUpReservationForPayment } from "../use-cases/look-up-reservation-for-payment";
import { toPaymentReservationView } from "./views";

/** Routes for other services (never routed by the gateway); service tokens only. */
export function internalRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const service = requireAuth(ctx.verifyService, "service");

  r.get("/internal/reservations/:id", service, async (req, res) => {
    res.json(toPaymentReservationView(await lookUpReservationForPayment(ctx, String(req.params.id))));
  });

  return r;
}
