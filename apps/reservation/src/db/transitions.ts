import type { ReservationStatus } from "@preprint/contracts";
import { newId } from "@preprint/contracts";
import { AppError } from "@preprint/service-kit";
import { HOLDS_CAPACITY, IllegalTransitionError, isTerminal, transition, type Command } from "../domain/lifecycle";
import type { Prisma, Tx } from "./client";
import { emitAll, type Emitted } from "./events";

export interface Actor {
  type: "CUSTOMER" | "STAFF" | "SYSTEM";
  id?: string;
}

export const reservationInclude = { store: true, slot: true, items: true } as const;
export type LoadedReservation = Prisma.ReservationGetPayload<{ include: typeof reservationInclude }>;

/** Locks the reservation row for this transaction and loads it (serialises concurrent actors). */
export async function lockReservation(tx: Tx, id: string): Promise<LoadedReservation | null> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM reservations WHERE id = $1 FOR UPDATE`, id);
  if (rows.length === 0) return null;
  return tx.reservation.findUnique({ where: { id }, include: reservationInclude });
}

/** Gives the reservation's pages back to its slot, once. */
export async function releaseCapacity(tx: Tx, r: { id: string; slotId: string; pages: number }): Promise<boolean> {
  const released = await tx.$executeRawUnsafe(
    `UPDATE reservations SET capacity_held = false WHERE id = $1 AND capacity_held = true`,
    r.id,
  );
  if (released !== 1) return false;
  await tx.$executeRawUnsafe(`UPDATE slots SET reserved = GREATEST(reserved - $2, 0) WHERE id = $1`, r.slotId, r.pages);
  return true;
}

/** Takes `pages` of the slot's capacity with one conditional UPDATE; false when it does not fit. */
export async function takeCapacity(tx: Tx, slotId: string, pages: number): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE slots SET reserved = reserved + $2 WHERE id = $1 AND reserved + $2 <= capacity`,
    slotId,
    pages,
  );
  return n === 1;
}

export type MoveResult = { changed: true; from: ReservationStatus; to: ReservationStatus } | { changed: false; status: ReservationStatus };

/**
 * Applies a state-machine command inside `tx`: compare-and-swap on the status, the audit row,
 * `reservation.status-changed` in the outbox, capacity released when the new status no longer
 * holds it. A replayed command is a no-op; an illegal one throws IllegalTransitionError.
 * `r` must have been loaded with lockReservation in this transaction. `alsoEmit` (e.g.
 * `reservation.confirmed`) goes to the outbox after the status change, in the same statement,
 * and only if the status changed.
 */
export async function move(
  tx: Tx,
  r: LoadedReservation,
  command: Command,
  actor: Actor,
  reason: string,
  data: Prisma.ReservationUpdateManyMutationInput = {},
  alsoEmit: Emitted[] = [],
): Promise<MoveResult> {
  const t = transition(r.status as ReservationStatus, command, r.statusBeforeCancel as ReservationStatus | null);
  if (t.kind === "noop") return { changed: false, status: t.status };
  const now = new Date();
  const updated = await tx.reservation.updateMany({
    where: { id: r.id, status: t.from },
    data: {
      ...data,
      status: t.to,
      ...(isTerminal(t.to) ? { closedAt: now } : {}),
    },
  });
  if (updated.count !== 1) throw new AppError(409, "CONCURRENT_UPDATE", "The reservation changed meanwhile. Please retry.");
  await tx.auditLog.create({
    data: { id: newId("aud"), reservationId: r.id, fromStatus: t.from, toStatus: t.to, actorType: actor.type, actorId: actor.id ?? null, reason, at: now },
  });
  await emitAll(tx, [
    {
      type: "reservation.status-changed",
      data: { reservationId: r.id, customerId: r.customerId, storeId: r.storeId, from: t.from, to: t.to, at: now.toISOString() },
    },
    ...alsoEmit,
  ]);
  if (!HOLDS_CAPACITY.includes(t.to) && r.capacityHeld) await releaseCapacity(tx, r);
  r.status = t.to;
  return { changed: true, from: t.from, to: t.to };
}

/** IllegalTransitionError → 409 INVALID_STATE for HTTP callers. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof IllegalTransitionError) {
    return new AppError(409, "INVALID_STATE", `This is not possible while the reservation is ${err.from}.`, { currentStatus: err.from });
  }
  return err;
}
