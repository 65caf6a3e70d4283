import { newId, type ReservationStatus } from "@preprint/contracts";
import { HOLDS_CAPACITY, isTerminal, transition, type Command } from "../domain/lifecycle";
import type { Prisma, Tx } from "./client";
import { emitAll, type Emitted } from "./events";
import type { LoadedReservation } from "./reservations";

export interface Actor {
  type: "CUSTOMER" | "STAFF" | "SYSTEM";
  id?: string;
}

/** The row's status was changed by someone else between our read and our write. */
export class ConcurrentUpdateError extends Error {
  override readonly name = "ConcurrentUpdateError";
  constructor(readonly reservationId: string) {
    super(`reservation ${reservationId} changed meanwhile`);
  }
}

/** Gives the reservation's pages back to its slot, once. */
export async function releaseCapacity(tx: Tx, r: { id: string; slotId: string; pages: number }): Promise<boolean> {
  const released = await tx.$executeRawUnsafe(`UPDATE reservations SET capacity_held = false WHERE id = $1 AND capacity_held = true`, r.id);
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
 * Writes what the state machine (domain/lifecycle) decides for `command` inside `tx`:
 * compare-and-swap on the status, the audit row, `reservation.status-changed` in the outbox,
 * capacity released when the new status no longer holds it. A replayed command is a no-op; an
 * illegal one throws IllegalTransitionError; a row changed meanwhile throws ConcurrentUpdateError.
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
  if (updated.count !== 1) throw new ConcurrentUpdateError(r.id);
  await tx.auditLog.create({
    data: {
      id: newId("aud"),
      reservationId: r.id,
      fromStatus: t.from,
      toStatus: t.to,
      actorType: actor.type,
      actorId: actor.id ?? null,
      reason,
      at: now,
    },
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
