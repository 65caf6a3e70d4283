import express from "express";
import { notFound, parseWith, badRequest } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { storeInclude, storeView, slotsForDate } from "../db/stores";
import { madeToOrderNotice, policySummary, WITHDRAWAL_DAYS, WITHDRAWAL_LAW } from "../domain/refund-policy";
import { isValidDate } from "../domain/time";
import { slotsQuery } from "./schemas";

export function publicRoutes(ctx: Ctx): express.Router {
  const r = express.Router();

  r.get("/stores", async (_req, res) => {
    const stores = await ctx.prisma.store.findMany({ include: storeInclude, orderBy: { name: "asc" } });
    const now = ctx.now();
    res.json(stores.map((s) => storeView(s, now)));
  });

  r.get("/stores/:storeId", async (req, res) => {
    const store = await ctx.prisma.store.findUnique({ where: { id: req.params.storeId }, include: storeInclude });
    if (!store) throw notFound("Store", "STORE_NOT_FOUND");
    res.json(storeView(store, ctx.now()));
  });

  r.get("/stores/:storeId/slots", async (req, res) => {
    const { date } = parseWith(slotsQuery, req.query);
    if (!isValidDate(date)) throw badRequest("VALIDATION_FAILED", "date is not a calendar date.");
    const store = await ctx.prisma.store.findUnique({ where: { id: req.params.storeId }, include: storeInclude });
    if (!store) throw notFound("Store", "STORE_NOT_FOUND");
    res.json(await slotsForDate(ctx.prisma, store, date, ctx.now()));
  });

  r.get("/refund-policy", (_req, res) => {
    const p = ctx.config.REFUND_POLICY_JSON;
    res.json({
      ...p,
      // the older published shape, kept for clients that read it: no deduction before printing
      tiers: [{ minMinutesBefore: 0, percent: 100, label: "인쇄 시작 전: 전액 환불" }],
      afterStartPercent: 100,
      withdrawal: { days: WITHDRAWAL_DAYS, law: WITHDRAWAL_LAW },
      madeToOrderNotice: madeToOrderNotice(p),
      summary: policySummary(p),
    });
  });

  return r;
}
