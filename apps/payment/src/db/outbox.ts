import { createEvent, type EventData, type EventType } from "@preprint/contracts";
import { enqueueEvent } from "@preprint/messaging";
import type { Tx } from "./client";

export const SOURCE = "payment";

/** Writes one event to the outbox inside the caller's transaction (published by the relay). */
export async function emit<T extends EventType>(tx: Tx, type: T, data: EventData<T>): Promise<void> {
  await enqueueEvent(tx, createEvent(type, data, { source: SOURCE }));
}
