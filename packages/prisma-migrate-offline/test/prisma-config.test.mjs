// The shared prisma.config.ts definition: what every app's CLI configuration contains.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL("../lib/prisma-config.mjs", import.meta.url));

/** Evaluates the config in a fresh process with `env`, so process.env changes do not leak between cases. */
async function configWith(env) {
  const script = `import(${JSON.stringify(MODULE)}).then((m) => { const c = m.servicePrismaConfig(); process.stdout.write(JSON.stringify({ c, engine: process.env.PRISMA_SCHEMA_ENGINE_BINARY, checkpoint: process.env.CHECKPOINT_DISABLE })); });`;
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !["DATABASE_URL", "PRISMA_SCHEMA_ENGINE_BINARY", "CHECKPOINT_DISABLE"].includes(k)),
  );
  const { stdout } = await run(process.execPath, ["-e", script], { env: { ...clean, ...env } });
  return JSON.parse(stdout);
}

test("when nothing is set, then the app's schema and migrations folders are used, the URL is empty and the engine stub exists", async () => {
  const r = await configWith({});
  assert.deepEqual(r.c, { schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: { url: "" } });
  assert.equal(r.checkpoint, "1");
  assert.match(r.engine, /bin\/no-schema-engine\.sh$/);
  assert.ok(existsSync(r.engine), `${r.engine} must exist: the CLI refuses to start without it`);
});

test("when DATABASE_URL and the engine are set, then they are kept", async () => {
  const r = await configWith({
    DATABASE_URL: "postgresql://u@h:5432/d",
    PRISMA_SCHEMA_ENGINE_BINARY: "/opt/schema-engine",
    CHECKPOINT_DISABLE: "0",
  });
  assert.equal(r.c.datasource.url, "postgresql://u@h:5432/d");
  assert.equal(r.engine, "/opt/schema-engine");
  assert.equal(r.checkpoint, "0");
});
