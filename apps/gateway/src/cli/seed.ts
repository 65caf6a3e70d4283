import { parseWith } from "@preprint/service-kit";
import { signupBody } from "../accounts/schemas";
import type { AccountService } from "../accounts/service";
import type { PrismaClient } from "../db/client";
import { cliAccounts } from "./common";

/** The store the reservation service's seed creates (apps/reservation/src/seed.ts DEMO_STORE_ID). */
export const DEFAULT_DEMO_STORE_ID = "sto_sinchon";

export interface DemoAccounts {
  customerEmail: string;
  staffEmail: string;
  storeId: string;
  password: string;
}

export function demoSettings(env: NodeJS.ProcessEnv = process.env): DemoAccounts {
  return {
    customerEmail: env.DEMO_CUSTOMER_EMAIL ?? "customer@preprint.local",
    staffEmail: env.DEMO_STAFF_EMAIL ?? "staff@preprint.local",
    storeId: env.DEMO_STORE_ID ?? DEFAULT_DEMO_STORE_ID,
    // a development convenience, never used with NODE_ENV=production
    password: env.DEMO_PASSWORD ?? "preprint-demo-1234",
  };
}

/** Creates the demo customer and demo staff when missing; running it again changes nothing. */
export async function seedDemoAccounts(prisma: PrismaClient, accounts: AccountService, d: DemoAccounts): Promise<string[]> {
  const created: string[] = [];
  const people = [
    { email: d.customerEmail, name: "데모 고객", phone: "010-1234-5678", role: "CUSTOMER" as const, storeId: null },
    { email: d.staffEmail, name: "데모 직원", phone: "010-9876-5432", role: "STAFF" as const, storeId: d.storeId },
  ];
  for (const p of people) {
    if (await prisma.user.findUnique({ where: { email: p.email } })) continue;
    await accounts.createUser(
      parseWith(signupBody, { email: p.email, password: d.password, name: p.name, phone: p.phone }),
      p.role,
      p.storeId,
    );
    created.push(p.email);
  }
  return created;
}

if (require.main === module) {
  void (async () => {
    if (process.env.NODE_ENV === "production" && process.env.SEED_FORCE !== "1") {
      process.stderr.write("refusing to seed demo accounts with NODE_ENV=production (set SEED_FORCE=1 to insist)\n");
      process.exit(1);
    }
    const { prisma, accounts } = cliAccounts();
    try {
      const d = demoSettings();
      const created = await seedDemoAccounts(prisma, accounts, d);
      process.stdout.write(
        created.length
          ? `seeded ${created.join(", ")} (store ${d.storeId})\n`
          : `demo accounts already exist (${d.customerEmail}, ${d.staffEmail})\n`,
      );
    } finally {
      await prisma.$disconnect();
    }
  })().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
