import { AppError } from "@preprint/service-kit";
import { makeReady } from "../db/jobs";
import { pruneTries, recordTry, triesSince } from "../db/kiosk-attempts";
import { lockReservation, reservationsByCode, reservationWithJobs, setReservationStatus } from "../db/reservations";
import { KIOSK_WINDOW_MS, kioskRetryAfter } from "../domain/kiosk-limit";
import { pickupCodeHash } from "../domain/pickup-code";
import { codeIsUsable } from "../domain/print-mode";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";
import { publishRequested } from "./dispatch-jobs";
import { kioskView, type KioskReservationView } from "./kiosk-view";

const codeNotFound = () =>
  new AppError(404, "PICKUP_CODE_NOT_FOUND", "No reservation for today matches this code. Check the code and try again.");

/**
 * Counts the try first, in its own transaction (a wrong code must count even though the request
 * then fails), serialised per device so parallel requests cannot slip past the limit.
 */
async function countTry(deps: Deps, deviceId: string): Promise<void> {
  const now = deps.now();
  const retryAfter = await deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`kiosk:${deviceId}`}, 0))`;
    const wait = kioskRetryAfter(await triesSince(tx, deviceId, new Date(now.getTime() - KIOSK_WINDOW_MS)), now);
    if (wait === 0) await recordTry(tx, deviceId, now);
    return wait;
  });
  if (retryAfter > 0) {
    throw new AppError(429, "TOO_MANY_CODE_TRIES", "Too many codes were tried on this kiosk. Wait a moment and try again.", {
      retryAfterSeconds: retryAfter,
    });
  }
}

/**
 * The customer enters the pickup code at the kiosk: a right code of a paid reservation of this
 * store for today releases its held jobs to the store's printers. Entering it again shows the
 * progress and dispatches nothing twice.
 */
export async function releaseAtKiosk(deps: Deps, kiosk: DevicePrincipal, pickupCode: string): Promise<KioskReservationView> {
  await countTry(deps, kiosk.deviceId);
  const now = deps.now();
  const hash = pickupCodeHash(deps.pickupCodeSecret, kiosk.storeId, pickupCode);
  const match = (await reservationsByCode(deps.prisma, kiosk.storeId, hash)).find((r) => codeIsUsable(r, now));
  if (!match) throw codeNotFound();
  const released = await deps.prisma.$transaction(async (tx) => {
    await lockReservation(tx, match.id);
    const r = await reservationWithJobs(tx, match.id);
    if (!r || !codeIsUsable(r, now)) return undefined;
    if (r.status === "WAITING") await setReservationStatus(tx, r.id, "RELEASED", now);
    const ready = await makeReady(
      tx,
      r.jobs.map((j) => j.id),
      now,
    );
    await publishRequested(tx, ready, now);
    return reservationWithJobs(tx, r.id);
  });
  if (!released) throw codeNotFound();
  deps.signal.notify(kiosk.storeId);
  return kioskView(released);
}

/** The periodic clean-up of counted tries (they matter for a minute). */
export async function pruneKioskTries(deps: Deps): Promise<number> {
  return pruneTries(deps.prisma, new Date(deps.now().getTime() - 2 * KIOSK_WINDOW_MS));
}
