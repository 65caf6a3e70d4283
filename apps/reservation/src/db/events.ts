import { createEvent, type EventData, type EventType } from "@preprint/contracts";
import { enqueueEvents } from "@preprint/messaging";
import type { Tx } from "./client";

export const SOURCE = "reservation";

/** An event to emit: its type and data. */
export type Emitted = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** Writes an event to the outbox inside `tx` (same transaction as the state change). */
export async function emit<T extends EventType>(tx: Tx, type: T, data: EventData<T>): Promise<void> {
  await emitAll(tx, [{ type, data } as Emitted]);
}

/** Writes several events, in this order, with one statement (each round trip counts; ADR 0091). */
export async function emitAll(tx: Tx, events: Emitted[]): Promise<void> {
  await enqueueEvents(
    tx,
    events.map((e) => createEvent(e.type, e.data as EventData<typeof e.type>, { source: SOURCE })),
  );
}

export interface ReservationFacts {
  id: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  customerPhone: string | null;
  storeId: string;
  store: { id: string; name: string; timeZone: string };
  slot: { id: string; startsAt: Date; endsAt: Date };
}

/** The who/where/when every notification-facing event carries. */
export function facts(r: ReservationFacts) {
  return {
    customer: {
      id: r.customerId,
      name: r.customerName,
      email: r.customerEmail,
      ...(r.customerPhone ? { phone: r.customerPhone } : {}),
    },
    store: { id: r.store.id, name: r.store.name, timeZone: r.store.timeZone },
    slot: { id: r.slot.id, startsAt: r.slot.startsAt.toISOString(), endsAt: r.slot.endsAt.toISOString() },
  };
}
