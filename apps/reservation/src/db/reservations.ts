import { newId } from "@preprint/contracts";
import type { Prisma, PrismaClient, Tx } from "./client";

type Db = PrismaClient | Tx;

export const reservationInclude = { store: true, slot: true, items: true } as const;
export type LoadedReservation = Prisma.ReservationGetPayload<{ include: typeof reservationInclude }>;

export const reservationWithRefundsInclude = { ...reservationInclude, refunds: true } as const;
export type ReservationWithRefunds = Prisma.ReservationGetPayload<{ include: typeof reservationWithRefundsInclude }>;

export function findReservation(db: Db, id: string): Promise<LoadedReservation | null> {
  return db.reservation.findUnique({ where: { id }, include: reservationInclude });
}

export function findReservationWithRefunds(db: Db, id: string): Promise<ReservationWithRefunds | null> {
  return db.reservation.findUnique({ where: { id }, include: reservationWithRefundsInclude });
}

/** Locks the reservation row for this transaction and loads it (serialises concurrent actors). */
export async function lockReservation(tx: Tx, id: string): Promise<LoadedReservation | null> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM reservations WHERE id = $1 FOR UPDATE`, id);
  if (rows.length === 0) return null;
  return findReservation(tx, id);
}

/** A customer's reservations, newest first, `limit` at a time below the id `before`. */
export function listCustomerReservations(
  db: Db,
  customerId: string,
  page: { limit: number; before?: string },
): Promise<LoadedReservation[]> {
  return db.reservation.findMany({
    where: { customerId, ...(page.before ? { id: { lt: page.before } } : {}) },
    include: reservationInclude,
    orderBy: { id: "desc" },
    take: page.limit,
  });
}

/** A store's reservations whose slot starts in [from, to), except those in `excludeStatuses`, in slot order. */
export function listStoreReservations(
  db: Db,
  storeId: string,
  from: Date,
  to: Date,
  excludeStatuses: string[],
): Promise<ReservationWithRefunds[]> {
  return db.reservation.findMany({
    where: { storeId, slot: { startsAt: { gte: from, lt: to } }, status: { notIn: excludeStatuses } },
    include: reservationWithRefundsInclude,
    orderBy: [{ slot: { startsAt: "asc" } }, { createdAt: "asc" }],
  });
}

export interface NewReservation {
  id: string;
  customer: { id: string; name: string; email: string; phone?: string };
  storeId: string;
  slotId: string;
  pages: number;
  totalAmount: number;
  priceTableId: string;
  expiresAt: Date;
  consent: { version: string; text: string; at: Date } | null;
  items: {
    uploadId: string;
    fileName: string;
    pages: number;
    colorMode: string;
    paperSize: string;
    duplex: boolean;
    copies: number;
    billableUnits: number;
    unitPrice: number;
    amount: number;
  }[];
  audit: { reason: string; at: Date };
}

/** Writes a PENDING_PAYMENT reservation holding its capacity, its items and its first audit row; returns it loaded. */
export async function insertPendingReservation(tx: Tx, n: NewReservation): Promise<LoadedReservation> {
  await tx.reservation.create({
    data: {
      id: n.id,
      customerId: n.customer.id,
      customerName: n.customer.name,
      customerEmail: n.customer.email,
      customerPhone: n.customer.phone ?? null,
      storeId: n.storeId,
      slotId: n.slotId,
      status: "PENDING_PAYMENT",
      pages: n.pages,
      capacityHeld: true,
      totalAmount: n.totalAmount,
      currency: "KRW",
      priceTableId: n.priceTableId,
      expiresAt: n.expiresAt,
      madeToOrderConsentVersion: n.consent?.version ?? null,
      madeToOrderConsentText: n.consent?.text ?? null,
      madeToOrderConsentAt: n.consent?.at ?? null,
      items: { create: n.items.map((l) => ({ id: newId("itm"), ...l })) },
    },
  });
  await tx.auditLog.create({
    data: {
      id: newId("aud"),
      reservationId: n.id,
      fromStatus: null,
      toStatus: "PENDING_PAYMENT",
      actorType: "CUSTOMER",
      actorId: n.customer.id,
      reason: n.audit.reason,
      at: n.audit.at,
    },
  });
  return (await findReservation(tx, n.id))!;
}

/** Unpaid holds due at `now`, oldest first; FOR UPDATE SKIP LOCKED so replicas never claim the same row. */
export async function claimDueHolds(tx: Tx, now: Date, batch: number): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM reservations WHERE status = 'PENDING_PAYMENT' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    now,
    batch,
  );
  return rows.map((r) => r.id);
}

/** Keeps the last payment failure on a reservation still waiting for payment. */
export async function noteUnpaidPaymentError(tx: Tx, id: string, error: string): Promise<void> {
  await tx.reservation.updateMany({ where: { id, status: "PENDING_PAYMENT" }, data: { lastPaymentError: error } });
}

/** Records a payment on a reservation that stays in `status` (no transition). */
export async function recordPaymentWithoutMove(
  tx: Tx,
  id: string,
  status: string,
  data: Prisma.ReservationUpdateManyMutationInput,
): Promise<void> {
  await tx.reservation.updateMany({ where: { id, status }, data });
}

export async function addRefundedAmount(tx: Tx, id: string, amount: number): Promise<void> {
  await tx.reservation.update({ where: { id }, data: { refundedAmount: { increment: amount } } });
}
