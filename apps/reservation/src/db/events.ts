import { createEvent, type EventData, type EventType } from "@preprint/contracts";
import { enqueueEvent } from "@preprint/messaging";
import type { Tx } from "./client";

export const SOURCE = "reservation";

/** Writes an event to the outbox inside `tx` (same transaction as the state change). */
export async function emit<T extends EventType>(tx: Tx, type: T, data: EventData<T>): Promise<void> {
  await enqueueEvent(tx, createEvent(type, data, { source: SOURCE }));
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
