import type { EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import type { PrismaClient } from "../db/client";
import { appendToStream } from "../db/stream";
import { storeAudience, userAudience } from "../domain/messages";
import { CONSUMER } from "./record-notification";

/**
 * A reservation's status change is live status only (no inbox item, no e-mail): pushed to the
 * customer's open pages and to the store's staff screens, once per event.
 */
export async function pushStatusChange(prisma: PrismaClient, event: EventEnvelope<"reservation.status-changed">): Promise<void> {
  const d = event.data;
  const status = { reservationId: d.reservationId, from: d.from, to: d.to, at: d.at };
  await handleOnce(prisma, CONSUMER, event.id, async (tx) => {
    await appendToStream(tx, userAudience(d.customerId), "reservation.status", status);
    await appendToStream(tx, storeAudience(d.storeId), "reservation.status", { ...status, customerId: d.customerId });
  });
}
