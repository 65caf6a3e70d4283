import { Client } from "pg";
import { uniqueName } from "./wait";

/** Admin connection used to create and drop test databases. */
export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  /** Database name, e.g. `messaging_lq3x…`. */
  name: string;
  /** Connection string for the new database. */
  url: string;
  /** Drops the database (terminating open connections). */
  drop(): Promise<void>;
}

function adminUrl(explicit?: string): string {
  return explicit ?? process.env.PREPRINT_TEST_ADMIN_DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database named `<prefix>_<unique>` on the server of
 * `PREPRINT_TEST_ADMIN_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/postgres).
 */
export async function createTestDatabase(prefix: string, opts: { adminUrl?: string } = {}): Promise<TestDatabase> {
  const admin = adminUrl(opts.adminUrl);
  const name = uniqueName(prefix).slice(0, 63);
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  return { name, url, drop: () => dropDatabase(name, { adminUrl: admin }) };
}

/** Drops a database by name or connection URL; open connections are terminated (PG ≥ 13). */
export async function dropDatabase(nameOrUrl: string, opts: { adminUrl?: string } = {}): Promise<void> {
  const name = /^postgres(ql)?:\/\//.test(nameOrUrl) ? decodeURIComponent(new URL(nameOrUrl).pathname.slice(1)) : nameOrUrl;
  await withAdmin(adminUrl(opts.adminUrl), (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
