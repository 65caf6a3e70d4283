import type { BookingWorld } from "./booking";
import { round } from "./stats";

export interface ContentionResult {
  slotCapacityPages: number;
  attempts: number;
  concurrency: number;
  created: number;
  slotFull: number;
  other: Record<string, number>;
  seconds: number;
  attemptsPerSec: number;
  createdPerSec: number;
  slotFullPerSec: number;
  /** from the database after the burst */
  slotReserved: number;
  heldPages: number;
  oversold: boolean;
}

/**
 * Many customers at one slot at once: `attempts` one-page reservations with `concurrency` in
 * flight, against a slot whose capacity is set to `capacity` pages for the run. Every attempt must
 * end 201 or 409 SLOT_FULL; exactly `capacity` succeed; the slot's counter and the held rows agree.
 */
export async function contention(
  w: BookingWorld,
  slotId: string,
  o: { capacity: number; attempts: number; concurrency: number },
): Promise<ContentionResult> {
  await w.reservationDb.query("UPDATE slots SET capacity = $2 WHERE id = $1", [slotId, o.capacity]);
  const before = await w.reservationDb.query<{ reserved: number }>("SELECT reserved FROM slots WHERE id = $1", [slotId]);
  if (before.rows[0]?.reserved !== 0) throw new Error(`hot slot ${slotId} is not empty (${before.rows[0]?.reserved})`);
  let next = 0;
  let created = 0;
  let slotFull = 0;
  const other: Record<string, number> = {};
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.attempts) {
        const n = next++;
        const c = w.customers[n % w.customers.length]!;
        const items = [{ uploadId: c.uploadId, colorMode: "MONO", duplex: false, paperSize: "A4", copies: 1 }];
        try {
          const r = await w.api.post("/api/reservations", { storeId: w.storeId, slotId, items }, { token: c.token });
          if (r.status === 201) created++;
          else if (r.status === 409 && r.body?.code === "SLOT_FULL") slotFull++;
          else other[`${r.status} ${r.body?.code ?? ""}`] = (other[`${r.status} ${r.body?.code ?? ""}`] ?? 0) + 1;
        } catch (err) {
          other[(err as Error).message] = (other[(err as Error).message] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const slot = await w.reservationDb.query<{ reserved: number }>("SELECT reserved FROM slots WHERE id = $1", [slotId]);
  const held = await w.reservationDb.query<{ pages: string | null }>(
    "SELECT sum(pages) AS pages FROM reservations WHERE slot_id = $1 AND capacity_held",
    [slotId],
  );
  const slotReserved = slot.rows[0]!.reserved;
  const heldPages = Number(held.rows[0]!.pages ?? 0);
  return {
    slotCapacityPages: o.capacity,
    attempts: o.attempts,
    concurrency: o.concurrency,
    created,
    slotFull,
    other,
    seconds: round(seconds, 2),
    attemptsPerSec: round(o.attempts / seconds),
    createdPerSec: round(created / seconds),
    slotFullPerSec: round(slotFull / seconds),
    slotReserved,
    heldPages,
    oversold: slotReserved > o.capacity || heldPages > o.capacity || created > o.capacity || heldPages !== slotReserved,
  };
}
