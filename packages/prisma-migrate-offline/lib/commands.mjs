// The commands. Each takes a context { url, schemaPath, migrationsDir, log, error } plus its
// own options and resolves to a process exit code.
import fs from "node:fs/promises";
import path from "node:path";
import { databaseName, dropDatabase, ensureDatabase, redact, withDatabase } from "./db.mjs";
import { engineErrorMessage, openEngine } from "./engine.mjs";
import { readMigrationsList, slugifyMigrationName, writeMigration } from "./migrations.mjs";

// prisma.config.ts > tables.external / enums.external; this project uses neither.
const filters = { externalTables: [], externalEnums: [] };

async function schemaFiles(ctx) {
  const content = await fs.readFile(ctx.schemaPath, "utf8");
  return { content, files: [{ path: ctx.schemaPath, content }] };
}

async function withEngine(ctx, url, fn) {
  const { content } = await schemaFiles(ctx);
  const engine = await openEngine({ url, schemaPath: ctx.schemaPath, schemaContent: content });
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

async function ensureTargetDatabase(ctx) {
  if (await ensureDatabase(ctx.url)) ctx.log(`Created database "${databaseName(ctx.url)}".`);
}

function printApplied(ctx, names) {
  if (names.length === 0) ctx.log("No pending migrations to apply.");
  else ctx.log(`Applied ${names.length} migration(s):\n${names.map((n) => `  ${n}`).join("\n")}`);
}

/** `deploy`: apply pending migrations (creates the database first if needed). Idempotent. */
export async function deploy(ctx) {
  await ensureTargetDatabase(ctx);
  return withEngine(ctx, ctx.url, async (engine) => {
    const migrationsList = await readMigrationsList(ctx.migrationsDir);
    ctx.log(`${migrationsList.migrationDirectories.length} migration(s) found in ${ctx.migrationsDir}`);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    printApplied(ctx, appliedMigrationNames);
    return 0;
  });
}

/**
 * `dev`: like `prisma migrate dev`. Stops on drift (the engine compares the database with the
 * migration history replayed on a temporary shadow database), applies pending migrations,
 * then writes a new migration for whatever schema.prisma adds and applies it.
 */
export async function dev(ctx, { name: rawName, createOnly = false }) {
  const name = rawName === undefined ? undefined : slugifyMigrationName(rawName);
  await ensureTargetDatabase(ctx);
  const { files } = await schemaFiles(ctx);
  return withEngine(ctx, ctx.url, async (engine) => {
    let migrationsList = await readMigrationsList(ctx.migrationsDir);
    const { action } = await engine.devDiagnostic({ migrationsList, filters });
    if (action.tag === "reset") {
      ctx.error(action.reason);
      ctx.error("\nNothing was changed. To drop all data and re-apply the migrations: prisma-wasm-migrate reset");
      return 1;
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    if (appliedMigrationNames.length) printApplied(ctx, appliedMigrationNames);

    const created = await engine.createMigration({
      draft: false,
      migrationName: name ?? "",
      migrationsList,
      schema: { files },
      filters,
    });
    if (created.migrationScript === null) {
      ctx.log("Already in sync: no schema changes, no migration created.");
      return 0;
    }
    if (!name) {
      ctx.error("The schema has changes: pass --name <name> to create a migration for them.");
      return 1;
    }
    const file = await writeMigration({
      baseDir: ctx.migrationsDir,
      name: created.generatedMigrationName,
      script: created.migrationScript,
      provider: created.connectorType,
    });
    ctx.log(`Created ${path.relative(process.cwd(), file)}`);
    if (createOnly) return 0;
    migrationsList = await readMigrationsList(ctx.migrationsDir);
    const applied = await engine.applyMigrations({ migrationsList, filters });
    printApplied(ctx, applied.appliedMigrationNames);
    return 0;
  });
}

/** `status`: compare the migrations folder with `_prisma_migrations`. Exit 1 unless up to date. */
export async function status(ctx) {
  return withEngine(ctx, ctx.url, async (engine) => {
    const migrationsList = await readMigrationsList(ctx.migrationsDir);
    ctx.log(`${migrationsList.migrationDirectories.length} migration(s) found in ${ctx.migrationsDir}`);
    const d = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters });
    const list = (names) => names.map((n) => `  ${n}`).join("\n");
    let code = 0;
    if (d.failedMigrationNames.length) {
      ctx.error(`Failed migrations in the database:\n${list(d.failedMigrationNames)}`);
      code = 1;
    }
    if (d.editedMigrationNames.length) {
      ctx.error(`Migrations edited after they were applied (checksum mismatch):\n${list(d.editedMigrationNames)}`);
      code = 1;
    }
    const h = d.history;
    if (h?.diagnostic === "databaseIsBehind") {
      ctx.log(`Not yet applied:\n${list(h.unappliedMigrationNames)}`);
      code = 1;
    } else if (h?.diagnostic === "migrationsDirectoryIsBehind") {
      ctx.error(`Applied in the database but missing from the folder:\n${list(h.unpersistedMigrationNames)}`);
      code = 1;
    } else if (h?.diagnostic === "historiesDiverge") {
      ctx.error(
        `Histories diverge after ${h.lastCommonMigrationName ?? "the start"}.\n` +
          `Only in the database:\n${list(h.unpersistedMigrationNames)}\nOnly in the folder:\n${list(h.unappliedMigrationNames)}`,
      );
      code = 1;
    } else if (code === 0) {
      ctx.log("Database schema is up to date.");
    }
    return code;
  });
}

/** `diff`: SQL that takes the migrations' end state to schema.prisma (replayed on a shadow DB). */
export async function diff(ctx, { exitCode = false }) {
  const { files } = await schemaFiles(ctx);
  return withEngine(ctx, ctx.url, async (engine) => {
    const migrationsList = await readMigrationsList(ctx.migrationsDir);
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: exitCode ? true : null,
      filters,
    });
    if (result.stdout) process.stdout.write(result.stdout.endsWith("\n") ? result.stdout : `${result.stdout}\n`);
    return exitCode ? result.exitCode : 0;
  });
}

/**
 * `resolve`: fix the history after a failed migration, like `prisma migrate resolve`:
 * --rolled-back <name> (you undid it by hand; deploy will retry it) or --applied <name>
 * (you completed it by hand; deploy will skip it).
 */
export async function resolve(ctx, { applied, rolledBack }) {
  if (!applied === !rolledBack) {
    ctx.error("resolve needs exactly one of --applied <migration> or --rolled-back <migration>");
    return 1;
  }
  return withEngine(ctx, ctx.url, async (engine) => {
    if (rolledBack) {
      await engine.markMigrationRolledBack({ migrationName: rolledBack });
      ctx.log(`Marked ${rolledBack} as rolled back.`);
    } else {
      const migrationsList = await readMigrationsList(ctx.migrationsDir);
      await engine.markMigrationApplied({ migrationsList, migrationName: applied });
      ctx.log(`Marked ${applied} as applied.`);
    }
    return 0;
  });
}

/** `reset`: drop everything in the database, then re-apply all migrations. */
export async function reset(ctx) {
  await ensureTargetDatabase(ctx);
  return withEngine(ctx, ctx.url, async (engine) => {
    await engine.reset({ filter: filters });
    ctx.log(`Reset database "${databaseName(ctx.url)}".`);
    const migrationsList = await readMigrationsList(ctx.migrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    printApplied(ctx, appliedMigrationNames);
    return 0;
  });
}

/**
 * `check` (CI drift check): apply every migration to a brand-new temporary database, then diff
 * that database against schema.prisma. Fails when a migration does not apply cleanly from
 * scratch or when the schema has changes no migration contains (a forgotten `dev`).
 * Only DATABASE_URL's server and credentials are used; the service database is not touched.
 */
export async function check(ctx) {
  const { files } = await schemaFiles(ctx);
  const tmpName = `prisma_check_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const tmpUrl = withDatabase(ctx.url, tmpName);
  await ensureDatabase(tmpUrl);
  try {
    return await withEngine(ctx, tmpUrl, async (engine) => {
      const migrationsList = await readMigrationsList(ctx.migrationsDir);
      const count = migrationsList.migrationDirectories.length;
      try {
        await engine.applyMigrations({ migrationsList, filters });
      } catch (err) {
        ctx.error(`check FAILED: the migrations in ${ctx.migrationsDir} do not apply to an empty database:\n${engineErrorMessage(err)}`);
        return 1;
      }
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: path.dirname(ctx.schemaPath) },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: true,
        filters,
      });
      if (result.exitCode === 0) {
        ctx.log(`check OK: ${count} migration(s) in ${ctx.migrationsDir} match ${ctx.schemaPath}.`);
        return 0;
      }
      ctx.error(
        `check FAILED: ${ctx.schemaPath} and the migrations in ${ctx.migrationsDir} disagree ` +
          `(${count} migration(s) applied to a fresh database).\n` +
          `A migration is missing or was edited by hand. Create one with: prisma-wasm-migrate dev --name <name>\n` +
          `SQL needed to go from the migrations to the schema:\n\n${result.stdout ?? ""}`,
      );
      return 1;
    });
  } finally {
    await dropDatabase(tmpUrl).catch((err) => ctx.error(`could not drop ${redact(tmpUrl)}: ${err.message}`));
  }
}
