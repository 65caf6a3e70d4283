import type { Logger } from "@preprint/service-kit";
import type { PaymentConfig } from "../config";
import type { PrismaClient } from "../db/client";
import type { PortOneApi } from "../portone/client";
import type { ReservationClient } from "../reservation/client";

/** What every use case may reach: our database, PortOne, the reservation service, the config. */
export interface PaymentDeps {
  prisma: PrismaClient;
  portone: PortOneApi;
  reservations: ReservationClient;
  config: PaymentConfig;
  logger: Logger;
}
