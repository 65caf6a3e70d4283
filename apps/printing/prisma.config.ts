import path from "node:path";
import { defineConfig } from "prisma/config";

// Skip the CLI's update check (checkpoint.prisma.io); turbo does not pass outer env vars through.
process.env.CHECKPOINT_DISABLE ??= "1";
// The CLI wants the native schema-engine before generate (docs/platform-notes.md N1); generate never runs it,
// so point it at a stub; migrations go through `prisma-wasm-migrate`.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(
  "node_modules/@preprint/prisma-migrate-offline/bin/no-schema-engine.sh",
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // not env("DATABASE_URL"): that makes `prisma generate` fail when the variable is unset
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
