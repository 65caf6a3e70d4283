import { createTokenVerifier } from "@preprint/auth";
import type { TestDatabase } from "@preprint/test-support";
import { sha256 } from "../src/accounts/service";
import { demoSettings, seedDemoAccounts } from "../src/cli/seed";
import { JWT_SECRET, migratedDatabase, startBackend, startGateway, type Backend, type TestGateway } from "./helpers";

let db: TestDatabase;
let gw: TestGateway;
let backend: Backend;
const verify = createTokenVerifier(JWT_SECRET);

beforeAll(async () => {
  db = await migratedDatabase("gateway_auth");
  backend = await startBackend();
  gw = await startGateway(db, {
    RESERVATION_URL: backend.url,
    LOGIN_MAX_FAILURES: "3",
    RATE_LIMIT_AUTH_PER_MIN: "0", // its own test below
    LOGIN_LOCKOUT_BASE_SEC: "30",
    CORS_ORIGINS: "https://app.example.com",
  });
});
afterAll(async () => {
  await gw?.close();
  await backend?.close();
  await db?.drop();
});

interface AuthBody {
  user: { id: string; email: string; name: string; phone: string; role: string; storeId: string | null };
  accessToken: string;
  expiresIn: number;
}

const json = { "content-type": "application/json" };
let n = 0;
const newEmail = () => `user${++n}_${Date.now()}@Example.com`;

function refreshCookie(res: Response): string {
  const set = res.headers.get("set-cookie") ?? "";
  const m = /preprint_refresh=([^;]*)/.exec(set);
  if (!m) throw new Error(`no refresh cookie in ${set}`);
  return m[1]!;
}

async function signup(email = newEmail(), password = "correct horse battery") {
  const res = await fetch(`${gw.url}/api/auth/signup`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password, name: "김민지", phone: "010-1234-5678" }),
  });
  return res;
}

/** moves every rotation of the user's tokens 31 s into the past: beyond the reuse grace */
const pastGrace = (userId: string) =>
  gw.prisma.refreshToken.updateMany({ where: { userId, rotatedAt: { not: null } }, data: { rotatedAt: new Date(Date.now() - 31_000) } });

const refresh = (cookie: string, headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/api/auth/refresh`, { method: "POST", headers: { cookie: `preprint_refresh=${cookie}`, ...headers } });

describe("sign-up and login", () => {
  it("when a customer signs up, then 201 with the user and an access token, an httpOnly refresh cookie, and a hashed password row", async () => {
    const email = newEmail();
    const res = await signup(email);
    expect(res.status).toBe(201);
    const body = (await res.json()) as AuthBody;
    expect(body.user).toMatchObject({ email: email.toLowerCase(), name: "김민지", phone: "01012345678", role: "customer", storeId: null });
    expect(body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    const claims = verify(body.accessToken);
    expect(claims).toMatchObject({ sub: body.user.id, role: "customer", email: email.toLowerCase(), name: "김민지", phone: "01012345678" });
    expect(claims.exp - claims.iat).toBe(900);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_BASE_URL is http here
    const row = await gw.prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(row.passwordHash).toMatch(/^scrypt\$14\$8\$1\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    const tokens = await gw.prisma.refreshToken.findMany({ where: { userId: row.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.tokenHash).toBe(sha256(decodeURIComponent(refreshCookie(res))));
  });

  it("when the e-mail is taken, then 409 EMAIL_TAKEN and no second account", async () => {
    const email = newEmail();
    await signup(email);
    const res = await signup(email.toUpperCase());
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("EMAIL_TAKEN");
    expect(await gw.prisma.user.count({ where: { email: email.toLowerCase() } })).toBe(1);
  });

  it.each([
    ["a short password", { password: "short" }, "password"],
    ["a bad e-mail", { email: "not-an-email" }, "email"],
    ["a non-Korean phone", { phone: "12345" }, "phone"],
    ["an unknown field", { role: "staff" }, "(body)"],
    // PostgreSQL text cannot hold NUL
    ["a NUL in the name", { name: "김\u0000민지" }, "name"],
    ["a line break in the name", { name: "김민지\r\nBcc: x@example.com" }, "name"],
  ])("when sign-up has %s, then 400 VALIDATION_FAILED naming the field and nothing is stored", async (_what, patch, field) => {
    const email = newEmail();
    const res = await fetch(`${gw.url}/api/auth/signup`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: "long enough password", name: "이름", phone: "01012345678", ...patch }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e) => e.path)).toContain(field);
    expect(await gw.prisma.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
  });

  it("when a user logs in with the right password, then 200 with a new session; /me returns the user", async () => {
    const email = newEmail();
    await signup(email);
    const res = await fetch(`${gw.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: "correct horse battery" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AuthBody;
    expect(refreshCookie(res).length).toBeGreaterThan(40);
    expect(await gw.prisma.refreshToken.count({ where: { userId: body.user.id } })).toBe(2); // sign-up + login: two families
    const me = await fetch(`${gw.url}/api/auth/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(body.user.id);
    const anon = await fetch(`${gw.url}/api/auth/me`);
    expect(anon.status).toBe(401);
  });

  it("when the password is wrong or the e-mail unknown, then the same 401 INVALID_CREDENTIALS", async () => {
    const email = newEmail();
    await signup(email);
    const wrong = await fetch(`${gw.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: "nope nope nope" }),
    });
    const unknown = await fetch(`${gw.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: newEmail(), password: "nope nope nope" }),
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = (await Promise.all([wrong.json(), unknown.json()])) as Array<{ code: string; detail: string }>;
    expect(a).toEqual(b);
    expect(a!.code).toBe("INVALID_CREDENTIALS");
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("when an account+IP fails too often, then it is locked with Retry-After, even for the right password, and the lock grows", async () => {
    const email = newEmail();
    await signup(email);
    const attempt = (password: string) =>
      fetch(`${gw.url}/api/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ email, password }) });
    expect((await attempt("wrong password 1")).status).toBe(401);
    expect((await attempt("wrong password 2")).status).toBe(401);
    const third = await attempt("wrong password 3");
    expect(third.status).toBe(429);
    expect(((await third.json()) as { code: string }).code).toBe("LOGIN_LOCKED");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
    const right = await attempt("correct horse battery");
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    const row = await gw.prisma.loginThrottle.findUniqueOrThrow({ where: { key: `${sha256(email.toLowerCase())}:127.0.0.1` } });
    expect(row.failures).toBe(3);
    // lock expires → one more failure doubles it
    await gw.prisma.loginThrottle.update({ where: { key: row.key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const again = await attempt("wrong password 4");
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    // after the lock, the right password works and clears the counter
    await gw.prisma.loginThrottle.update({ where: { key: row.key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt("correct horse battery")).status).toBe(200);
    expect(await gw.prisma.loginThrottle.count({ where: { key: row.key } })).toBe(0);
  });
});

describe("refresh tokens", () => {
  it("when a refresh token is used, then it is rotated: a new token and access token, the old one marked rotated", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const first = refreshCookie(s);
    const r1 = await refresh(first);
    expect(r1.status).toBe(200);
    const body = (await r1.json()) as AuthBody;
    expect(verify(body.accessToken).sub).toBe(user.id);
    const second = refreshCookie(r1);
    expect(second).not.toBe(first);
    const rows = await gw.prisma.refreshToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.rotatedAt).not.toBeNull();
    expect(rows[1]!.rotatedAt).toBeNull();
    expect(rows[1]!.familyId).toBe(rows[0]!.familyId);
    expect((await refresh(second)).status).toBe(200);
  });

  it("when a rotated refresh token is presented again, then 401 REFRESH_TOKEN_REUSED and the whole family is revoked", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const stolen = refreshCookie(s);
    const r1 = await refresh(stolen);
    const legit = refreshCookie(r1);
    await pastGrace(user.id);
    const reuse = await refresh(stolen);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { code: string }).code).toBe("REFRESH_TOKEN_REUSED");
    expect(reuse.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const rows = await gw.prisma.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    expect(rows.find((r) => r.rotatedAt === null)?.revokedReason).toBe("REUSE_DETECTED");
    // the legitimate holder's newer token no longer works either
    expect((await refresh(legit)).status).toBe(401);
  });

  it("when two refreshes race with the same token (two tabs), then both get the same successor and the family stays signed in", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const t = refreshCookie(s);
    const results = await Promise.all([refresh(t), refresh(t), refresh(t)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const cookies = results.map(refreshCookie);
    expect(new Set(cookies).size).toBe(1);
    for (const r of results) expect(verify(((await r.json()) as AuthBody).accessToken).sub).toBe(user.id);
    const rows = await gw.prisma.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.revokedAt !== null)).toEqual([]);
    // the successor is the session from here on
    expect((await refresh(cookies[0]!)).status).toBe(200);
  });

  it("when a rotated token comes again within the grace, then the same successor; after the grace, reuse revokes the family", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const t0 = refreshCookie(s);
    const t1 = refreshCookie(await refresh(t0));
    const again = await refresh(t0);
    expect(again.status).toBe(200);
    expect(refreshCookie(again)).toBe(t1);
    // t1 rotated too within the grace: t0 follows the chain to the live t2
    const t2 = refreshCookie(await refresh(t1));
    const late = await refresh(t0);
    expect(late.status).toBe(200);
    expect(refreshCookie(late)).toBe(t2);
    await pastGrace(user.id);
    const reuse = await refresh(t0);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { code: string }).code).toBe("REFRESH_TOKEN_REUSED");
    expect(await gw.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect((await refresh(t2)).status).toBe(401);
  });

  it("when a revoked token comes within the grace, then it is still reuse (logout is final)", async () => {
    const s = await signup();
    const t0 = refreshCookie(s);
    const t1 = refreshCookie(await refresh(t0));
    await fetch(`${gw.url}/api/auth/logout`, { method: "POST", headers: { cookie: `preprint_refresh=${t1}` } });
    const res = await refresh(t0);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("REFRESH_TOKEN_REUSED");
  });

  it("when the refresh cookie is missing, unknown or expired, then 401 with a specific code", async () => {
    const none = await fetch(`${gw.url}/api/auth/refresh`, { method: "POST" });
    expect(((await none.json()) as { code: string }).code).toBe("REFRESH_TOKEN_MISSING");
    const unknown = await refresh("made-up-token");
    expect(((await unknown.json()) as { code: string }).code).toBe("REFRESH_TOKEN_INVALID");
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    await gw.prisma.refreshToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await refresh(refreshCookie(s));
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe("REFRESH_TOKEN_EXPIRED");
  });

  it("when the refresh cookie is not valid percent-encoding, then refresh is 401 problem+json and logout 204, never a 500", async () => {
    for (const bad of ["%E0%A4%A", "%", "%zz", "abc%"]) {
      const res = await refresh(bad);
      expect({ bad, status: res.status, type: res.headers.get("content-type") }).toEqual({
        bad,
        status: 401,
        type: expect.stringContaining("application/problem+json"),
      });
      expect(((await res.json()) as { code: string }).code).toBe("REFRESH_TOKEN_INVALID");
      const out = await fetch(`${gw.url}/api/auth/logout`, { method: "POST", headers: { cookie: `preprint_refresh=${bad}` } });
      expect({ bad, status: out.status }).toEqual({ bad, status: 204 });
    }
    // a malformed cookie of someone else's beside ours does not spoil ours
    const s = await signup();
    const ok = await fetch(`${gw.url}/api/auth/refresh`, {
      method: "POST",
      headers: { cookie: `tracker=%E0%A4%A; preprint_refresh=${refreshCookie(s)}` },
    });
    expect(ok.status).toBe(200);
  });

  it("when a cross-site origin calls refresh, then 403 ORIGIN_NOT_ALLOWED and the token is not rotated", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const res = await refresh(refreshCookie(s), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("ORIGIN_NOT_ALLOWED");
    expect(await gw.prisma.refreshToken.count({ where: { userId: user.id, rotatedAt: { not: null } } })).toBe(0);
    expect((await refresh(refreshCookie(s), { origin: "https://app.example.com" })).status).toBe(200);
  });

  it("when a user logs out, then 204, the cookie is cleared and the session's token no longer refreshes", async () => {
    const s = await signup();
    const user = ((await s.json()) as AuthBody).user;
    const t = refreshCookie(s);
    const out = await fetch(`${gw.url}/api/auth/logout`, { method: "POST", headers: { cookie: `preprint_refresh=${t}` } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/preprint_refresh=;.*Max-Age=0/);
    const row = await gw.prisma.refreshToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.revokedReason).toBe("LOGOUT");
    expect((await refresh(t)).status).toBe(401);
  });
});

describe("auth rate limit", () => {
  it("when one address calls the auth endpoints too fast, then 429 RATE_LIMITED with Retry-After and no work is done", async () => {
    const limited = await startGateway(db, { RATE_LIMIT_AUTH_PER_MIN: "3" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${limited.url}/api/auth/login`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ email: "nobody@example.com", password: "x" }),
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(((await res.json()) as { code: string }).code).toBe("RATE_LIMITED");
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const row = await limited.prisma.loginThrottle.findUnique({ where: { key: `${sha256("nobody@example.com")}:127.0.0.1` } });
      expect(row?.failures).toBe(3); // the 4th attempt never reached the accounts code
      // other endpoints still work for that address
      expect((await fetch(`${limited.url}/api/auth/me`)).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe("demo seed and staff accounts", () => {
  it("when the seed runs twice, then one demo customer and one demo staff of the demo store exist, and the staff token carries the store", async () => {
    const d = demoSettings({
      DEMO_CUSTOMER_EMAIL: newEmail().toLowerCase(),
      DEMO_STAFF_EMAIL: newEmail().toLowerCase(),
      DEMO_PASSWORD: "demo password 1",
    });
    expect(d.storeId).toBe("sto_sinchon");
    expect(await seedDemoAccounts(gw.prisma, gw.gw.accounts, d)).toEqual([d.customerEmail, d.staffEmail]);
    expect(await seedDemoAccounts(gw.prisma, gw.gw.accounts, d)).toEqual([]);
    expect(await gw.prisma.user.count({ where: { email: { in: [d.customerEmail, d.staffEmail] } } })).toBe(2);
    const res = await fetch(`${gw.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: d.staffEmail, password: "demo password 1" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AuthBody;
    expect(body.user).toMatchObject({ role: "staff", storeId: "sto_sinchon" });
    expect(verify(body.accessToken)).toMatchObject({ role: "staff", storeId: "sto_sinchon" });
  });
});
