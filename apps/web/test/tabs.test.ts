/**
 * Two tabs of one browser profile refreshing their sessions at the same moment: both stay signed in
 * and the session family survives. The tabs share the refresh cookie, which the gateway rotates on
 * every refresh, so the app refreshes one tab at a time (Web Locks). Runs the built gateway serving
 * this app's dist/ (no services: the pages' other API calls fail, which is not what is tested here).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { createMigratedDatabase, type TestDatabase } from "@preprint/test-support";
import { freePort, startApp, type AppProcess } from "@preprint/test-support/app-process";
import { collectPageErrors, desktopContext, launchBrowser, startTogether } from "./support/browser";
import { WEB_DIR } from "./support/web-server";

const GATEWAY_DIR = path.resolve(WEB_DIR, "../gateway");

let db: TestDatabase;
let gateway: AppProcess;
let browser: Browser;

async function startGateway(): Promise<AppProcess> {
  db = await createMigratedDatabase(GATEWAY_DIR, "web_tabs");
  const port = await freePort();
  const down = `http://127.0.0.1:${await freePort()}`;
  return startApp({
    name: "gateway",
    cwd: GATEWAY_DIR,
    port,
    readyPath: "/health/live",
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      OTEL_TRACES_EXPORTER: "none",
      OTEL_METRICS_EXPORTER: "none",
      GATEWAY_WORKERS: "1",
      OPS_PORT: String(await freePort()),
      JWT_SECRET: randomBytes(32).toString("base64url"),
      GATEWAY_DATABASE_URL: db.url,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      WEB_DIST_DIR: path.join(WEB_DIR, "dist"),
      SCRYPT_LOG_N: "14",
      RATE_LIMIT_AUTH_PER_MIN: "0",
      RATE_LIMIT_IP_RPS: "0",
      RESERVATION_URL: down,
      PAYMENT_URL: down,
      NOTIFICATION_URL: down,
    },
  });
}

beforeAll(async () => {
  await startTogether([startGateway().then((g) => (gateway = g)), launchBrowser().then((b) => (browser = b))]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop(10_000);
  await db?.drop();
});

/** Loads `path` and answers whether the page ends up signed in after its refresh-on-load. */
async function loadsSignedIn(page: Page, load: () => Promise<unknown>): Promise<boolean> {
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh"), { timeout: 30_000 });
  await load();
  if ((await refreshed).status() !== 200) return false;
  await page.getByRole("button", { name: "로그아웃" }).waitFor({ timeout: 10_000 });
  return true;
}

describe("two tabs", () => {
  let context: BrowserContext;
  afterEach(() => context?.close());

  test("when two tabs load at the same moment, then each refreshes in turn and both stay signed in; the session lives on", async () => {
    context = await desktopContext(browser, gateway.url);
    const email = `tabs-${Date.now()}@example.com`;
    const signup = await context.request.post("/api/auth/signup", {
      data: { email, password: "correct-horse-9", name: "김탭", phone: "010-1234-5678" },
    });
    expect(signup.status()).toBe(201);

    // Hold each refresh until the other tab's is on the wire too (or 1.5 s passed): two tabs
    // refreshing independently then reach the gateway together with the same cookie; tabs that
    // take turns never have two on the wire.
    const held: Route[] = [];
    let inFlight = 0;
    let mostAtOnce = 0;
    const release = () => held.splice(0).forEach((r) => void r.continue().catch(() => undefined));
    await context.route("**/api/auth/refresh", (route) => {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      held.push(route);
      if (held.length >= 2) release();
      else setTimeout(release, 1500);
    });
    context.on("requestfinished", (r) => {
      if (r.url().endsWith("/api/auth/refresh")) inFlight--;
    });
    context.on("requestfailed", (r) => {
      if (r.url().endsWith("/api/auth/refresh")) inFlight--;
    });

    const [a, b] = [await context.newPage(), await context.newPage()];
    const errors = [...collectPageErrors(a), ...collectPageErrors(b)];
    expect(await Promise.all([loadsSignedIn(a, () => a.goto("/")), loadsSignedIn(b, () => b.goto("/"))])).toEqual([true, true]);
    expect(mostAtOnce).toBe(1);

    // neither refresh was taken for a stolen token: the session still refreshes, in a tab and outside
    await context.unroute("**/api/auth/refresh");
    expect(await loadsSignedIn(a, () => a.reload())).toBe(true);
    expect((await context.request.post("/api/auth/refresh")).status()).toBe(200);
    expect(errors).toEqual([]);
  });
});
