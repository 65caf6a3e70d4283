import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client";

export { Prisma, PrismaClient };
export type Tx = Prisma.TransactionClient;

export function createPrisma(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });
}

/** Prisma 7 puts no `meta.target` on P2002 (docs/platform-notes.md N3): check the code only. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A query runs alike on the client or inside a caller's transaction. */
export type Db = Tx | PrismaClient;
