import express from "express";
import { requireAuth } from "@preprint/auth";
import { handleOperation } from "@preprint/service-kit";
import type { Ctx } from "../context";
import { lookUpReservationForPayment } from "../use-cases/look-up-reservation-for-payment";
import { internalReservationOp, mount } from "./api";
import { toInternalReservation } from "./views";

/** Routes for other services (never routed by the gateway); service tokens only. */
export function internalRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const service = requireAuth(ctx.verifyService, "service");

  mount(
    r,
    internalReservationOp,
    service,
    handleOperation(internalReservationOp, async ({ params }) =>
      toInternalReservation(await lookUpReservationForPayment(ctx, params.reservationId)),
    ),
  );

  return r;
}
