#!/usr/bin/env node
// prisma-wasm-migrate: `prisma migrate` for machines without the native schema engine (P3).
// Drives Prisma's WASM schema engine through @prisma/adapter-pg; see ../README.md.
import path from "node:path";
import { parseArgs } from "node:util";
import * as commands from "../lib/commands.mjs";
import { redact } from "../lib/db.mjs";
import { engineErrorMessage } from "../lib/engine.mjs";

const USAGE = `Usage: prisma-wasm-migrate <command> [options]

Commands:
  dev --name <name> [--create-only]  create a migration from schema changes and apply it
  deploy                             apply pending migrations (creates the database if missing)
  status                             compare the migrations folder with the database
  diff [--exit-code]                 SQL from the migrations to the schema (exit 2 if non-empty)
  resolve --rolled-back <migration>  after a failed migration you undid by hand (deploy retries it)
  resolve --applied <migration>      after a failed migration you finished by hand (deploy skips it)
  reset                              drop all data and objects, then re-apply every migration
  check                              CI drift check on a temporary database; fails if the
                                     schema and the migrations disagree

Options:
  --schema <path>       default prisma/schema.prisma
  --migrations <path>   default <schema dir>/migrations
Environment: DATABASE_URL (postgresql://user:pass@host:port/db[?schema=name])`;

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string", short: "n" },
      schema: { type: "string" },
      migrations: { type: "string" },
      "exit-code": { type: "boolean" },
      "create-only": { type: "boolean" },
      applied: { type: "string" },
      "rolled-back": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (!Object.hasOwn(commands, command) || rest.length > 0) {
    console.error(`${rest.length ? `unexpected argument: ${rest[0]}` : `unknown command: ${command}`}\n\n${USAGE}`);
    return 1;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    return 1;
  }
  const schemaPath = path.resolve(values.schema ?? "prisma/schema.prisma");
  const ctx = {
    url,
    schemaPath,
    migrationsDir: path.resolve(values.migrations ?? path.join(path.dirname(schemaPath), "migrations")),
    log: (msg) => console.log(msg),
    error: (msg) => console.error(msg),
  };
  return commands[command](ctx, {
    name: values.name,
    createOnly: values["create-only"],
    exitCode: values["exit-code"],
    applied: values.applied,
    rolledBack: values["rolled-back"],
  });
}

try {
  // pnpm 12 passes a literal "--" through (`pnpm run migrate:dev -- add_x`); no command here
  // takes positional values starting with "-", so dropping it is safe.
  process.exitCode = await main(process.argv.slice(2).filter((arg) => arg !== "--"));
} catch (err) {
  const url = process.env.DATABASE_URL;
  console.error(`prisma-wasm-migrate: ${engineErrorMessage(err)}${url ? ` (DATABASE_URL=${redact(url)})` : ""}`);
  process.exitCode = 1;
}
// Pools inside the engine's adapter keep idle connections open for a while; don't wait for them.
process.exit(process.exitCode);
