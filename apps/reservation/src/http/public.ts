import express from "express";
import { notFound, parseWith, badRequest } from "@preprint/service-kit";
import type { Ctx } from "../app";
import { storeInclude, storeView, slotsForDate } from "../db/stores";
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
      summary: [
        ...p.tiers.map((t) => t.label),
        `인쇄가 시작된 뒤: ${p.printingPercent}% 환불`,
        `인쇄 완료(픽업 대기) 이후: ${p.readyPercent === 0 ? "환불 불가" : `${p.readyPercent}% 환불`}`,
        "결제 전 예약은 언제든 무료로 취소할 수 있습니다.",
        "환불 금액은 결제 금액에서 이미 환불된 금액을 뺀 금액에 비율을 적용하며, 원 단위 미만은 버립니다.",
      ],
    });
  });

  return r;
}
