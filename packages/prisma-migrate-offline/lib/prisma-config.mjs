// The prisma.config.ts of every app, in one place: each app's file is
//   export default defineConfig(servicePrismaConfig());
// (defineConfig stays in the app: `prisma` is the app's dev dependency, not this package's.)
import { fileURLToPath } from "node:url";

/** `generate` never runs the schema engine, but the CLI wants one before it starts (docs/platform-notes.md N1). */
export const NO_SCHEMA_ENGINE = fileURLToPath(new URL("../bin/no-schema-engine.sh", import.meta.url));

/**
 * Prisma CLI configuration for an app run from its own folder: schema at `prisma/schema.prisma`,
 * migrations in `prisma/migrations` (applied by `prisma-wasm-migrate`, not the CLI), the datasource
 * from DATABASE_URL. Sets, unless already set, the two variables the CLI needs offline.
 */
export function servicePrismaConfig() {
  // Skip the CLI's update check (checkpoint.prisma.io); turbo does not pass outer env vars through.
  process.env.CHECKPOINT_DISABLE ??= "1";
  // The CLI wants the native schema-engine before generate; generate never runs it, so point it
  // at a stub that exists. Migrations go through `prisma-wasm-migrate`.
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= NO_SCHEMA_ENGINE;
  return {
    schema: "prisma/schema.prisma",
    migrations: { path: "prisma/migrations" },
    // not env("DATABASE_URL"): that makes `prisma generate` fail when the variable is unset
    datasource: { url: process.env.DATABASE_URL ?? "" },
  };
}
