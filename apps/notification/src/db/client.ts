import { PrismaPg } from "@prisma/adapter-pg";
import type { TransactionClient } from "@preprint/service-kit";
import { PrismaClient } from "../generated/prisma/client";

export { Prisma, PrismaClient } from "../generated/prisma/client";
/** what db/ functions take: the caller's transaction, or the client itself */
export type Tx = TransactionClient<PrismaClient>;

export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
