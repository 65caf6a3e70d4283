import express from "express";
import { parseWith, badRequest } from "@preprint/service-kit";
import type { Ctx } from "../context";
import { isValidDate } from "../domain/time";
import { getStore } from "../use-cases/get-store";
import { listSlots } from "../use-cases/list-slots";
import { listStores } from "../use-cases/list-stores";
import { slotsQuery } from "./schemas";
import { toRefundPolicyView, toSlotView, toStoreView } from "./views";

export function publicRoutes(ctx: Ctx): express.Router {
  const r = express.Router();

  r.get("/stores", async (_req, res) => {
    const stores = await listStores(ctx);
    const now = ctx.now();
    res.json(stores.map((s) => toStoreView(s, now)));
  });

  r.get("/stores/:storeId", async (req, res) => {
    res.json(toStoreView(await getStore(ctx, req.params.storeId), ctx.now()));
  });

  r.get("/stores/:storeId/slots", async (req, res) => {
    const { date } = parseWith(slotsQuery, req.query);
    if (!isValidDate(date)) throw badRequest("VALIDATION_FAILED", "date is not a calendar date.");
    const slots = await listSlots(ctx, { storeId: req.params.storeId, date, now: ctx.now() });
    res.json(slots.map(toSlotView));
  });

  r.get("/refund-policy", (_req, res) => {
    res.json(toRefundPolicyView(ctx.config.REFUND_POLICY_JSON));
  });

  return r;
}
