import type { PrismaClient } from "../db/client";
import type { ReservationClient } from "../upstream/reservation-client";
import type { StoreSignal } from "../wake/store-signal";

/** What the use cases need; built once in service.ts, given to routes, consumers and jobs. */
export interface Deps {
  prisma: PrismaClient;
  reservations: ReservationClient;
  signal: StoreSignal;
  pickupCodeSecret: string;
  now: () => Date;
}
