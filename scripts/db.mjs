#!/usr/bin/env node
// Database helper for setup and CI (one PostgreSQL database per service).
//   node scripts/db.mjs ensure <databaseUrl>...   create each database that does not exist yet
//   node scripts/db.mjs drop <databaseUrl>...     drop each database (disconnecting sessions)
// The root package has no `pg`; the helpers (and their `pg`) live in packages/prisma-migrate-offline.
import { databaseName, dropDatabase, ensureDatabase, redact } from "../packages/prisma-migrate-offline/lib/db.mjs";

const [command, ...urls] = process.argv.slice(2);
const actions = {
  ensure: async (url) => console.log(`${databaseName(url)}: ${(await ensureDatabase(url)) ? "created" : "exists"}`),
  drop: async (url) => {
    await dropDatabase(url);
    console.log(`${databaseName(url)}: dropped`);
  },
};

if (!actions[command] || urls.length === 0) {
  console.error("usage: node scripts/db.mjs ensure|drop <postgresql://user@host:port/db>...");
  process.exit(1);
}
let failed = false;
for (const url of urls) {
  try {
    await actions[command](url);
  } catch (err) {
    console.error(`${redact(url)}: ${err.message}`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
