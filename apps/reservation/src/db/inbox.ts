import { handleOnce } from "@preprint/messaging";
import { TX_OPTIONS, type PrismaClient, type Tx } from "./client";

/** Inbox name: one per consuming service. */
export const CONSUMER = "reservation";

/**
 * Runs `effect` and the inbox insert of `eventId` in one transaction, so a redelivered or
 * duplicated event changes nothing; `duplicate` when the event was already applied.
 */
export function onceForEvent(prisma: PrismaClient, eventId: string, effect: (tx: Tx) => Promise<void>): Promise<{ duplicate: boolean }> {
  return handleOnce(prisma, CONSUMER, eventId, effect, TX_OPTIONS);
}
