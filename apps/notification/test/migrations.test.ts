import path from "node:path";
import { Client } from "pg";
import { runMigrations } from "@preprint/test-support";
import { migratedDatabase } from "./helpers";

const APP_DIR = path.resolve(__dirname, "..");

describe("migrations", () => {
  it("when the migrations are applied to an empty database, then they match schema.prisma exactly (no drift)", async () => {
    const db = await migratedDatabase("ntf_mig");
    try {
      const stdout = await runMigrations(APP_DIR, db.url, "check");
      expect(stdout).toMatch(/in sync|ok/i);
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        );
        expect(rows.map((r) => r.table_name)).toEqual([
          "_prisma_migrations",
          "deliveries",
          "inbox_events",
          "notifications",
          "outbox_events",
          "preferences",
          "stream_events",
          "stream_heads",
        ]);
      } finally {
        await pg.end();
      }
    } finally {
      await db.drop();
    }
  });
});
