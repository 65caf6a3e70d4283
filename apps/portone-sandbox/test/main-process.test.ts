import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { API_SECRET, STORE_ID, waitUntil, WEBHOOK_SECRET } from "./support/sandbox";

/** The built entry point (`node dist/main.js`, what `pnpm start` runs): start-up guard and health. */

const MAIN = path.resolve(__dirname, "../dist/main.js");
const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? "",
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  PORTONE_API_SECRET: API_SECRET,
  PORTONE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  PORTONE_STORE_ID: STORE_ID,
  ...extra,
});

function run(extra: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  let err = "";
  const child = spawn(process.execPath, [MAIN], { env: env(extra), stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`pnpm --filter @preprint/portone-sandbox build\` first (turbo does)`);
});

it("when started in live mode with test hooks on, then the process exits 1 naming SANDBOX_TEST_HOOKS", async () => {
  const p = run({ SANDBOX_MODE: "live", PORT: "0" });
  expect(await p.exited).toBe(1);
  expect(p.stderr()).toContain("SANDBOX_TEST_HOOKS must be false");
}, 20_000);

it("when a required variable is missing, then the process exits 1 naming it", async () => {
  const p = run({ PORTONE_STORE_ID: "", PORT: "0" });
  expect(await p.exited).toBe(1);
  expect(p.stderr()).toContain("PORTONE_STORE_ID");
}, 20_000);

it("when started normally, then /health/ready answers and SIGTERM stops it cleanly", async () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const p = run({ PORT: String(port) });
  try {
    const ready = await waitUntil(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        return res?.ok ? res.json() : undefined;
      },
      15_000,
      100,
    );
    expect(ready).toMatchObject({ status: "ready", service: "portone-sandbox" });
    const unauth = await fetch(`http://127.0.0.1:${port}/payments/x`);
    expect(unauth.status).toBe(401);
  } finally {
    p.child.kill("SIGTERM");
  }
  expect(await p.exited).toBe(0);
}, 30_000);
