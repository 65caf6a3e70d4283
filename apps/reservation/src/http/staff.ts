import express from "express";
import { requireAuth } from "@preprint/auth";
import { AppError, forbidden, idempotency, notFound, parseWith, storeIdempotentResponse } from "@preprint/service-kit";
import type { Ctx } from "../app";
import type { PrismaClient } from "../db/client";
import { staffAction, staffRefund } from "../db/operations";
import { reservationView, TX_OPTIONS } from "../db/reservations";
import { slotRules } from "../db/stores";
import { asHttpError, lockReservation, reservationInclude } from "../db/transitions";
import { isValidDate, addDays, zonedToUtc } from "../domain/time";
import { FileMissingError } from "../storage/storage";
import { pickupRequest, staffQueueQuery, staffRefundRequest } from "./schemas";

function staffStore(req: express.Request, requested?: string): string {
  const storeId = req.auth!.storeId;
  if (!storeId) throw forbidden("Your staff account is not assigned to a store.", "STAFF_STORE_MISSING");
  if (requested && requested !== storeId) throw forbidden("You are staff of another store.", "OTHER_STORE");
  return storeId;
}

async function staffReservation(prisma: PrismaClient, id: string, storeId: string) {
  const r = await prisma.reservation.findUnique({ where: { id }, include: { ...reservationInclude, refunds: true } });
  if (!r || r.storeId !== storeId) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
  return r;
}

function staffView(r: Awaited<ReturnType<typeof staffReservation>>) {
  return {
    ...reservationView(r),
    pickupCode: undefined, // staff check the code the customer shows; they never read it here
    customer: { id: r.customerId, name: r.customerName, email: r.customerEmail, phone: r.customerPhone },
    refunds: r.refunds.map((f) => ({ id: f.id, amount: f.amount, reason: f.reason, kind: f.kind, status: f.status, actorType: f.actorType, actorId: f.actorId, createdAt: f.createdAt.toISOString() })),
  };
}

export function staffRoutes(ctx: Ctx): express.Router {
  const r = express.Router();
  const staff = requireAuth(ctx.verifyUser, "staff");
  const idem = idempotency({ db: ctx.prisma });

  r.get("/staff/reservations", staff, async (req, res) => {
    const q = parseWith(staffQueueQuery, req.query);
    if (!isValidDate(q.date)) throw new AppError(400, "VALIDATION_FAILED", "date is not a calendar date.");
    const storeId = staffStore(req, q.storeId);
    const store = await ctx.prisma.store.findUnique({ where: { id: storeId } });
    if (!store) throw notFound("Store", "STORE_NOT_FOUND");
    const rules = slotRules(store);
    const from = zonedToUtc(q.date, 0, rules.timeZone);
    const to = zonedToUtc(addDays(q.date, 1), 0, rules.timeZone);
    const rows = await ctx.prisma.reservation.findMany({
      where: { storeId, slot: { startsAt: { gte: from, lt: to } }, status: { notIn: ["PENDING_PAYMENT", "EXPIRED"] } },
      include: { ...reservationInclude, refunds: true },
      orderBy: [{ slot: { startsAt: "asc" } }, { createdAt: "asc" }],
    });
    const slots = new Map<string, { slot: { id: string; startsAt: string; endsAt: string }; reservations: ReturnType<typeof staffView>[] }>();
    for (const row of rows) {
      const v = staffView(row);
      const entry = slots.get(row.slotId) ?? { slot: v.slot, reservations: [] };
      entry.reservations.push(v);
      slots.set(row.slotId, entry);
    }
    res.json({ storeId, date: q.date, slots: [...slots.values()] });
  });

  r.get("/staff/reservations/:id", staff, async (req, res) => {
    res.json(staffView(await staffReservation(ctx.prisma, String(req.params.id), staffStore(req))));
  });

  r.get("/staff/reservations/:id/files/:uploadId", staff, async (req, res) => {
    const rsv = await staffReservation(ctx.prisma, String(req.params.id), staffStore(req));
    const item = rsv.items.find((i) => i.uploadId === req.params.uploadId);
    if (!item) throw notFound("File", "FILE_NOT_FOUND");
    const upload = await ctx.prisma.upload.findUnique({ where: { id: item.uploadId } });
    if (!upload || upload.deletedAt) throw new AppError(410, "FILE_DELETED", "This file was deleted under the retention policy.");
    let stream;
    try {
      stream = await ctx.storage.get(upload.storageKey);
    } catch (err) {
      if (err instanceof FileMissingError) throw new AppError(410, "FILE_DELETED", "This file is no longer stored.");
      throw err;
    }
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Length", String(upload.sizeBytes));
    res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(upload.fileName)}`);
    res.setHeader("Cache-Control", "private, no-store");
    stream.pipe(res);
  });

  for (const action of ["printing", "ready", "picked-up"] as const) {
    r.post(`/staff/reservations/:id/${action}`, staff, async (req, res) => {
      const storeId = staffStore(req);
      const body = action === "picked-up" ? parseWith(pickupRequest, req.body) : undefined;
      try {
        await ctx.prisma.$transaction(async (tx) => {
          const rsv = await lockReservation(tx, String(req.params.id));
          if (!rsv || rsv.storeId !== storeId) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
          await staffAction(tx, rsv, action, { type: "STAFF", id: req.auth!.sub }, { pickupCode: body?.pickupCode, now: ctx.now() });
        }, TX_OPTIONS);
      } catch (err) {
        throw asHttpError(err);
      }
      res.json(staffView(await staffReservation(ctx.prisma, String(req.params.id), storeId)));
    });
  }

  r.post("/staff/reservations/:id/refund", staff, idem, async (req, res) => {
    const storeId = staffStore(req);
    const body = parseWith(staffRefundRequest, req.body);
    const answer = await ctx.prisma.$transaction(async (tx) => {
      const rsv = await lockReservation(tx, String(req.params.id));
      if (!rsv || rsv.storeId !== storeId) throw notFound("Reservation", "RESERVATION_NOT_FOUND");
      const out = await staffRefund(tx, rsv, { amount: body.amount, reason: body.reason, actor: { type: "STAFF", id: req.auth!.sub } });
      const view = { refundId: out.refundId, status: "REQUESTED", amount: body.amount, remainingRefundable: out.refundable };
      await storeIdempotentResponse(req, tx, 202, view);
      return view;
    }, TX_OPTIONS);
    res.status(202).json(answer);
  });

  r.get("/staff/alerts", staff, async (req, res) => {
    const storeId = staffStore(req, typeof req.query.storeId === "string" ? req.query.storeId : undefined);
    const alerts = await ctx.prisma.staffAlert.findMany({ where: { storeId, resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 100 });
    res.json(alerts.map((a) => ({ id: a.id, reservationId: a.reservationId, kind: a.kind, message: a.message, createdAt: a.createdAt.toISOString() })));
  });

  r.post("/staff/alerts/:id/resolve", staff, async (req, res) => {
    const storeId = staffStore(req);
    const n = await ctx.prisma.staffAlert.updateMany({ where: { id: String(req.params.id), storeId, resolvedAt: null }, data: { resolvedAt: new Date() } });
    if (n.count === 0) throw notFound("Alert", "ALERT_NOT_FOUND");
    res.status(204).end();
  });

  return r;
}
