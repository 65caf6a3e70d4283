import { PrismaPg } from "@prisma/adapter-pg";
import type { TransactionClient } from "@preprint/service-kit";
import { PrismaClient } from "../generated/prisma/client";

export { Prisma, PrismaClient } from "../generated/prisma/client";
/** what db/ functions take: the caller's transaction, or the client itself */
export type Tx = TransactionClient<PrismaClient>;

/** Every transaction of the service: a booking burst queues for a connection rather than failing at once. */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

export function createPrisma(url: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
