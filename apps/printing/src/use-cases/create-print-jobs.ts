import { newId, type EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import type { Tx } from "../db/client";
import { insertJobs, makeReady } from "../db/jobs";
import { insertReservation, reservationById } from "../db/reservations";
import { storeRules } from "../db/settings";
import { pickupCodeHash } from "../domain/pickup-code";
import { dispatchAtFor, retentionEnd } from "../domain/print-mode";
import type { Deps } from "./deps";
import { publishRequested } from "./dispatch-jobs";

export const CONSUMER = "printing";

/**
 * reservation.confirmed → one print job per reservation item, held for the kiosk or timed for
 * print-ahead (at once when the slot is already that close). The items come from the reservation
 * service before the transaction (a read, safe to repeat); the inbox makes a redelivery a no-op.
 */
export async function createPrintJobs(deps: Deps, event: EventEnvelope<"reservation.confirmed">): Promise<void> {
  const d = event.data;
  const items = await deps.reservations.items(d.reservationId);
  // the event says the reservation exists; a 404 is a lag or a fault: throw, the consumer retries
  if (!items) throw new Error(`reservation ${d.reservationId} is unknown to the reservation service`);
  const now = deps.now();
  const result = await handleOnce(deps.prisma, CONSUMER, event.id, async (tx: Tx) => {
    if (await reservationById(tx, d.reservationId)) return [];
    const rules = await storeRules(tx, d.store.id);
    const slotStartsAt = new Date(d.slot.startsAt);
    const slotEndsAt = new Date(d.slot.endsAt);
    await insertReservation(tx, {
      id: d.reservationId,
      storeId: d.store.id,
      storeName: d.store.name,
      storeTimeZone: d.store.timeZone,
      customerName: d.customer.name,
      slotStartsAt,
      slotEndsAt,
      pickupCodeHash: pickupCodeHash(deps.pickupCodeSecret, d.store.id, d.pickupCode),
      purgeAfter: retentionEnd(rules, slotEndsAt),
    });
    const dispatchAt = dispatchAtFor(rules, slotStartsAt);
    const jobs = items.map((i) => ({
      id: newId("pj"),
      reservationId: d.reservationId,
      storeId: d.store.id,
      itemId: i.id,
      fileName: i.fileName,
      pages: i.pages,
      copies: i.copies,
      colorMode: i.colorMode,
      duplex: i.duplex,
      paperSize: i.paperSize,
      dispatchAt,
      impressionsPaid: i.pages * i.copies,
    }));
    await insertJobs(tx, jobs);
    if (dispatchAt && dispatchAt <= now) {
      const ready = await makeReady(
        tx,
        jobs.map((j) => j.id),
        now,
      );
      await publishRequested(tx, ready, now);
      return ready;
    }
    return [];
  });
  if (!result.duplicate && result.result.length > 0) deps.signal.notify(d.store.id);
}
