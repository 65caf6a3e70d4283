// Plain `pg` helpers for things the schema engine does not do for us: creating the target
// database on a fresh machine, and creating/dropping the throw-away database used by `check`.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pg = require("pg");

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** Database name from a postgres URL (the path without the leading slash). */
export function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`no database name in ${redact(url)}`);
  return name;
}

/** The same URL pointing at another database (query string such as ?schema= is kept). */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Hide the password when printing a URL. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}

// Run `fn` with a client connected to the server's maintenance database ("postgres"), since a
// database cannot be created or dropped while connected to it.
async function withServer(url, fn) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Create the database named in `url` if it does not exist. Returns true if it was created. */
export async function ensureDatabase(url) {
  const name = databaseName(url);
  return withServer(url, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (err) {
      if (err.code !== "42P04") throw err; // created concurrently by someone else: fine
      return false;
    }
    return true;
  });
}

/** Drop the database named in `url`, disconnecting any leftover sessions (PG >= 13). */
export async function dropDatabase(url) {
  const name = databaseName(url);
  await withServer(url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
