import { createEvent, type EventData, type EventType } from "@preprint/contracts";
import { enqueueEvent } from "@preprint/messaging";
import type { Tx } from "./client";

/** Writes one event of this service to the outbox, in the caller's transaction. */
export async function enqueue<T extends EventType>(tx: Tx, type: T, data: EventData<T>, at: Date): Promise<void> {
  await enqueueEvent(tx, createEvent(type, data, { source: "printing", occurredAt: at }));
}
