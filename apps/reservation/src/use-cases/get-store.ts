import type { PrismaClient } from "../db/client";
import { findStore, type LoadedStore } from "../db/stores";
import { storeNotFound } from "./errors";

export async function getStore(d: { prisma: PrismaClient }, storeId: string): Promise<LoadedStore> {
  const store = await findStore(d.prisma, storeId);
  if (!store) throw storeNotFound();
  return store;
}
