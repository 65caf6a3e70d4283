import type { PrismaClient } from "../db/client";
import { listStores as allStores, type LoadedStore } from "../db/stores";

/** Every store, by name, with its price tables. */
export function listStores(d: { prisma: PrismaClient }): Promise<LoadedStore[]> {
  return allStores(d.prisma);
}
