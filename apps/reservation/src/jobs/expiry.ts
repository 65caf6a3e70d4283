import type { Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { expireDue } from "../db/operations";
import { TX_OPTIONS } from "../db/reservations";
import { PeriodicJob } from "./periodic";

const BATCH = 100;

/** Expires unpaid holds past expiresAt, batch by batch, releasing capacity and emitting reservation.expired. */
export async function expireNow(prisma: PrismaClient, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await prisma.$transaction((tx) => expireDue(tx, now, BATCH), TX_OPTIONS);
    total += n;
    if (n < BATCH) return total;
  }
}

export function expiryJob(prisma: PrismaClient, intervalMs: number, logger: Logger, now: () => Date = () => new Date()): PeriodicJob {
  return new PeriodicJob("expiry", intervalMs, async () => {
    const n = await expireNow(prisma, now());
    if (n > 0) logger.info({ expired: n }, "expired unpaid reservations");
  }, logger);
}
