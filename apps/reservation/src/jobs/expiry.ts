import type { JobSpec, Logger } from "@preprint/service-kit";
import type { PrismaClient } from "../db/client";
import { expireReservations } from "../use-cases/expire-reservations";

/** Expires unpaid holds past expiresAt every `intervalMs`. */
export function expiryJob(prisma: PrismaClient, intervalMs: number, logger: Logger, now: () => Date = () => new Date()): JobSpec {
  return {
    name: "expiry",
    intervalMs,
    async run() {
      const n = await expireReservations({ prisma }, now());
      if (n > 0) logger.info({ expired: n }, "expired unpaid reservations");
    },
  };
}
