import path from "node:path";
import { runMigrations } from "@preprint/test-support";
import { createPrisma } from "../src/db/client";
import { DEMO_STORE_ID, seedDemoStore } from "../src/seed";
import { migratedDatabase } from "./helpers";

const ROOT = path.resolve(__dirname, "..");

test("when the migrations are applied to a fresh database, then they match schema.prisma (no drift)", async () => {
  const url = process.env.RESERVATION_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/preprint_reservation";
  const stdout = await runMigrations(ROOT, url, "check");
  expect(stdout).toMatch(/check OK/i);
}, 60_000);

test("when the seed runs twice, then there is one demo store with its won price table", async () => {
  const db = await migratedDatabase("rsv_seed");
  const prisma = createPrisma(db.url, 2);
  try {
    await seedDemoStore(prisma);
    await seedDemoStore(prisma);
    const stores = await prisma.store.findMany({ include: { priceTables: { include: { entries: true } } } });
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ id: DEMO_STORE_ID, name: "프리프린트 신촌점", timeZone: "Asia/Seoul" });
    expect(stores[0]!.priceTables).toHaveLength(1);
    expect(stores[0]!.priceTables[0]!.entries.find((e) => e.colorMode === "MONO" && e.paperSize === "A4")).toMatchObject({
      pricePerPage: 100,
    });
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
});
