// End-to-end tests of the prisma-wasm-migrate CLI against the real PostgreSQL
// (TEST_DATABASE_SERVER_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
// Every database gets a random name and is dropped at the end.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { dropDatabase, withDatabase } from "../lib/db.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, "..", "bin", "prisma-wasm-migrate.mjs");
const DB_SCRIPT = path.join(here, "..", "..", "..", "scripts", "db.mjs");
const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const suffix = randomBytes(4).toString("hex");
const devUrl = withDatabase(SERVER, `pmo_test_dev_${suffix}`);
const freshUrl = withDatabase(SERVER, `pmo_test_fresh_${suffix}`);
const ensureUrl = withDatabase(SERVER, `pmo_test_ensure_${suffix}`);

let project; // temp dir with prisma/schema.prisma copied from the fixture

function run(args, { url = devUrl, cwd = project, bin = BIN } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, DATABASE_URL: url } }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr, out: stdout + stderr }),
    );
  });
}

async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const databases = (pattern) =>
  query(SERVER, "SELECT datname FROM pg_database WHERE datname LIKE $1", [pattern]).then((rows) => rows.map((r) => r.datname));

const migrationDirs = async () =>
  (await fs.readdir(path.join(project, "prisma", "migrations"), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

before(async () => {
  project = await fs.mkdtemp(path.join(os.tmpdir(), "prisma-wasm-migrate-"));
  await fs.mkdir(path.join(project, "prisma"));
  await fs.copyFile(path.join(here, "fixtures", "schema.prisma"), path.join(project, "prisma", "schema.prisma"));
});

after(async () => {
  for (const url of [devUrl, freshUrl, ensureUrl]) await dropDatabase(url);
  await fs.rm(project, { recursive: true, force: true });
});

test("dev creates the database and a first migration, then applies it", async () => {
  const r = await run(["dev", "--name", "Init"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Created database/);
  const dirs = await migrationDirs();
  assert.equal(dirs.length, 1);
  assert.match(dirs[0], /^\d{14}_init$/);
  const sql = await fs.readFile(path.join(project, "prisma", "migrations", dirs[0], "migration.sql"), "utf8");
  assert.match(sql, /CREATE TABLE "User"/);
  const lock = await fs.readFile(path.join(project, "prisma", "migrations", "migration_lock.toml"), "utf8");
  assert.match(lock, /provider = "postgresql"/);
  const rows = await query(devUrl, `SELECT count(*)::int AS n FROM "User"`);
  assert.equal(rows[0].n, 0);
});

test("dev with no schema changes creates nothing", async () => {
  const r = await run(["dev", "--name", "nothing"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /no schema changes/);
  assert.equal((await migrationDirs()).length, 1);
});

test("_prisma_migrations checksum is the sha256 of migration.sql", async () => {
  const [dir] = await migrationDirs();
  const file = await fs.readFile(path.join(project, "prisma", "migrations", dir, "migration.sql"));
  const rows = await query(devUrl, "SELECT migration_name, checksum, finished_at FROM _prisma_migrations");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].migration_name, dir);
  assert.equal(rows[0].checksum, createHash("sha256").update(file).digest("hex"));
  assert.ok(rows[0].finished_at);
});

test("deploy on a fresh database applies the migration; a second deploy applies nothing", async () => {
  const first = await run(["deploy"], { url: freshUrl });
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /Applied 1 migration/);
  const second = await run(["deploy"], { url: freshUrl });
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /No pending migrations/);
  assert.equal((await query(freshUrl, "SELECT count(*)::int AS n FROM _prisma_migrations"))[0].n, 1);
  const status = await run(["status"], { url: freshUrl });
  assert.equal(status.code, 0, status.out);
  assert.match(status.out, /up to date/);
});

test("check passes when schema and migrations agree, and leaves no database behind", async () => {
  const r = await run(["check"]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /check OK/);
  assert.deepEqual(await databases("prisma_check_%"), []);
});

test("check FAILS when the schema gained a field without a migration", async () => {
  const schemaPath = path.join(project, "prisma", "schema.prisma");
  const schema = await fs.readFile(schemaPath, "utf8");
  await fs.writeFile(schemaPath, schema.replace(/(email\s+String\s+@unique)/, "$1\n  nickname  String?"));

  const r = await run(["check"]);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.stderr, /check FAILED/);
  assert.match(r.stderr, /ADD COLUMN\s+"nickname"/);
  assert.deepEqual(await databases("prisma_check_%"), []);

  const d = await run(["diff", "--exit-code"]);
  assert.equal(d.code, 2, d.out);
  assert.match(d.stdout, /"nickname"/);

  // the fix: create the migration, after which check passes again
  const dev = await run(["dev", "--name", "add nickname"]);
  assert.equal(dev.code, 0, dev.out);
  assert.match((await migrationDirs())[1], /_add_nickname$/);
  assert.equal((await run(["check"])).code, 0);
  assert.equal((await run(["diff", "--exit-code"])).code, 0);
});

test("dev reports drift after a manual change and changes nothing", async () => {
  await query(devUrl, `ALTER TABLE "User" ADD COLUMN hack int`);
  const r = await run(["dev", "--name", "whatever"]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.stderr, /Drift detected/);
  assert.equal((await migrationDirs()).length, 2);
});

test("--schema and --migrations override the default paths", async () => {
  const r = await run(
    ["check", "--schema", path.join(project, "prisma", "schema.prisma"), "--migrations", path.join(project, "prisma", "migrations")],
    { cwd: os.tmpdir() },
  );
  assert.equal(r.code, 0, r.out);
});

test("scripts/db.mjs ensure creates a missing database and accepts an existing one", async () => {
  const first = await run(["ensure", ensureUrl], { bin: DB_SCRIPT });
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /created/);
  const second = await run(["ensure", ensureUrl], { bin: DB_SCRIPT });
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /exists/);
});
