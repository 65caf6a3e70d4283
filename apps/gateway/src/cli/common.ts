import { createLogger } from "@preprint/service-kit";
import { AccountService } from "../accounts/service";
import { createPrisma, type PrismaClient } from "../db/client";

export function databaseUrl(): string {
  return process.env.GATEWAY_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/preprint_gateway";
}

/** AccountService for command-line tools: only the settings user creation needs. */
export function cliAccounts(): { prisma: PrismaClient; accounts: AccountService } {
  const prisma = createPrisma(databaseUrl(), 2);
  const accounts = new AccountService(
    prisma,
    {
      jwtSecret: "unused-by-user-creation-0000000000000",
      accessTtlSec: 900,
      refreshTtlSec: 3600,
      scryptLogN: Number(process.env.SCRYPT_LOG_N ?? 15),
      loginMaxFailures: 5,
      lockoutBaseSec: 30,
      lockoutMaxSec: 900,
      refreshGraceSec: 30,
    },
    createLogger("gateway-cli", "warn"),
  );
  return { prisma, accounts };
}
