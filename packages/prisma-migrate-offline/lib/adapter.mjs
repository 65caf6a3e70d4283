// The driver adapter the WASM schema engine talks to Postgres through.
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * P6: turn DATABASE_URL into discrete pg fields. adapter-pg builds its shadow pool as
 * `{ ...config, database }`, but pg lets `connectionString` override `database`, so with a
 * connection string the "shadow" database silently is the main database.
 */
export function pgConfigFromUrl(url) {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error(`not a postgres URL: ${u.protocol}`);
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

/**
 * P5: adapter-pg 7.10.1's connectToShadowDb() drops the shadow database while its own pool is
 * still connected ("database ... is being accessed by other users"), and never closes the
 * maintenance connection. Close the shadow pool first, then DROP ... WITH (FORCE).
 */
class ShadowSafePrismaPg extends PrismaPg {
  constructor(config, options) {
    super(config, options);
    this.shadowConfig = config;
    this.shadowOptions = options;
  }

  async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg({ ...this.shadowConfig, database }, this.shadowOptions).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

/** A migration-aware adapter factory for `SchemaEngine.new(…, adapter)`. */
export function createAdapter(url) {
  // `?schema=foo` selects a Postgres schema, as it does for the Prisma CLI.
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  const factory = new ShadowSafePrismaPg(pgConfigFromUrl(url), schema ? { schema } : undefined);
  return bindMigrationAwareSqlAdapterFactory(factory);
}
