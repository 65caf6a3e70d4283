import { createPrisma, type PrismaClient } from "./db/client";
import type { OpeningHours } from "./domain/slots";

export const DEMO_STORE_ID = "sto_sinchon";

const weekday = [{ open: "09:00", close: "22:00" }];
export const DEMO_HOURS: OpeningHours = {
  "0": [{ open: "11:00", close: "18:00" }],
  "1": weekday,
  "2": weekday,
  "3": weekday,
  "4": weekday,
  "5": weekday,
  "6": [{ open: "10:00", close: "20:00" }],
};

/** won; a duplex sheet costs a little less than two single pages */
export const DEMO_PRICES = [
  { colorMode: "MONO", paperSize: "A4", pricePerPage: 100, pricePerDuplexSheet: 180 },
  { colorMode: "COLOR", paperSize: "A4", pricePerPage: 400, pricePerDuplexSheet: 750 },
  { colorMode: "MONO", paperSize: "A3", pricePerPage: 200, pricePerDuplexSheet: 360 },
  { colorMode: "COLOR", paperSize: "A3", pricePerPage: 800, pricePerDuplexSheet: 1500 },
] as const;

/**
 * The demo store: a campus print café in Sinchon. Idempotent: upserts by fixed ids, so running
 * the seed twice changes nothing.
 */
export async function seedDemoStore(prisma: PrismaClient): Promise<void> {
  await prisma.store.upsert({
    where: { id: DEMO_STORE_ID },
    update: {},
    create: {
      id: DEMO_STORE_ID,
      name: "프리프린트 신촌점",
      address: "서울특별시 서대문구 연세로 12, 1층 (신촌동)",
      phone: "02-312-0000",
      timeZone: "Asia/Seoul",
      openingHours: DEMO_HOURS,
      slotMinutes: 30,
      capacityPages: 600,
      leadMinutes: 30,
      bookingDays: 14,
    },
  });
  const tableId = "prc_sinchon_2026";
  await prisma.priceTable.upsert({
    where: { id: tableId },
    update: {},
    create: {
      id: tableId,
      storeId: DEMO_STORE_ID,
      effectiveFrom: new Date("2026-01-01T00:00:00+09:00"),
      duplexRule: "PER_SHEET",
      minimumCharge: 500,
      entries: { create: DEMO_PRICES.map((p) => ({ ...p })) },
    },
  });
}

async function main() {
  const url = process.env.RESERVATION_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/preprint_reservation";
  const prisma = createPrisma(url, 2);
  try {
    await seedDemoStore(prisma);
    process.stdout.write(`seeded ${DEMO_STORE_ID}\n`);
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
