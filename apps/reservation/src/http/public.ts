import express from "express";
import { badRequest, handleOperation } from "@preprint/service-kit";
import type { Ctx } from "../context";
import { isValidDate } from "../domain/time";
import { getStore } from "../use-cases/get-store";
import { listSlots } from "../use-cases/list-slots";
import { listStores } from "../use-cases/list-stores";
import { getStoreOp, listSlotsOp, listStoresOp, mount, refundPolicyOp } from "./api";
import { toRefundPolicyView, toSlotView, toStoreView } from "./views";

export function publicRoutes(ctx: Ctx): express.Router {
  const r = express.Router();

  mount(
    r,
    listStoresOp,
    handleOperation(listStoresOp, async () => {
      const now = ctx.now();
      return (await listStores(ctx)).map((s) => toStoreView(s, now));
    }),
  );

  mount(
    r,
    getStoreOp,
    handleOperation(getStoreOp, async ({ params }) => toStoreView(await getStore(ctx, params.storeId), ctx.now())),
  );

  mount(
    r,
    listSlotsOp,
    handleOperation(listSlotsOp, async ({ params, query }) => {
      if (!isValidDate(query.date)) throw badRequest("VALIDATION_FAILED", "date is not a calendar date.");
      return (await listSlots(ctx, { storeId: params.storeId, date: query.date, now: ctx.now() })).map(toSlotView);
    }),
  );

  mount(
    r,
    refundPolicyOp,
    handleOperation(refundPolicyOp, () => toRefundPolicyView(ctx.config.REFUND_POLICY_JSON)),
  );

  return r;
}
