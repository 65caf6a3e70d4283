import { PrismaPg } from "@prisma/adapter-pg";
import type { TransactionClient } from "@preprint/service-kit";
import { Prisma, PrismaClient } from "../generated/prisma/client";

export { Prisma, PrismaClient };
/** What a db/ function runs on: the client, or the transaction a use case opened. */
export type Tx = TransactionClient<PrismaClient>;

export function createPrisma(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });
}

/** Prisma 7 puts no `meta.target` on P2002 (docs/platform-notes.md N3): check the code only. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
