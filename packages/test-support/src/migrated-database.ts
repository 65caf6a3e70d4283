import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "./database";

const exec = promisify(execFile);

/** The offline migration runner, the one `pnpm migrate:deploy` runs in every app. */
const MIGRATE_BIN = path.join(
  path.dirname(require.resolve("@preprint/prisma-migrate-offline/package.json")),
  "bin/prisma-wasm-migrate.mjs",
);

/**
 * Runs `prisma-wasm-migrate <command>` for the app in `appDir` (its prisma.config.ts and
 * migrations) against `databaseUrl`; resolves to what it printed, rejects when it fails.
 */
export async function runMigrations(
  appDir: string,
  databaseUrl: string,
  command: "deploy" | "check" | "status" = "deploy",
): Promise<string> {
  const { stdout } = await exec(process.execPath, [MIGRATE_BIN, command], {
    cwd: appDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

/** A throwaway database (see createTestDatabase) with every migration of the app in `appDir` applied. */
export async function createMigratedDatabase(appDir: string, prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  try {
    await runMigrations(appDir, db.url);
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  }
  return db;
}
