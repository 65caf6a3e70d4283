import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDatabase } from "@preprint/test-support";

const exec = promisify(execFile);
const APP_DIR = path.resolve(__dirname, "..");
const MIGRATE = path.join(APP_DIR, "node_modules/.bin/prisma-wasm-migrate");

describe("migrations", () => {
  it("when the migrations are applied to an empty database, then they match schema.prisma exactly (no drift)", async () => {
    const db = await createTestDatabase("prt_mig");
    try {
      const env = { ...process.env, DATABASE_URL: db.url };
      await exec(MIGRATE, ["deploy"], { cwd: APP_DIR, env });
      const { stdout } = await exec(MIGRATE, ["check"], { cwd: APP_DIR, env });
      expect(stdout).toMatch(/in sync|ok/i);
    } finally {
      await db.drop();
    }
  });
});
