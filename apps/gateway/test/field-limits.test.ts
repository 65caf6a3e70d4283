import type { TestDatabase } from "@preprint/test-support";
import { migratedDatabase, startBackend, startGateway, type Backend, type TestGateway } from "./helpers";

// the PG's limits on the buyer's name and e-mail, refused at sign-up with codes of their own
let db: TestDatabase;
let gw: TestGateway;
let backend: Backend;

beforeAll(async () => {
  db = await migratedDatabase("gateway_limits");
  backend = await startBackend();
  gw = await startGateway(db, { RESERVATION_URL: backend.url, RATE_LIMIT_AUTH_PER_MIN: "0" });
});
afterAll(async () => {
  await gw?.close();
  await backend?.close();
  await db?.drop();
});

let n = 0;
/** an address of exactly `length` characters */
function emailOf(length: number): string {
  const domain = `@ex${++n}.example.com`;
  return "a".repeat(length - domain.length) + domain;
}

async function signup(patch: Record<string, string>) {
  const res = await fetch(`${gw.url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: emailOf(30), password: "long enough password", name: "김민지", phone: "01012345678", ...patch }),
  });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as Record<string, unknown> };
}

describe("sign-up field limits", () => {
  test("when the name has 30 characters and the e-mail 60, then the account is made", async () => {
    const email = emailOf(60);
    const res = await signup({ name: "가".repeat(30), email });
    expect(res.status).toBe(201);
    expect(await gw.prisma.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ name: "가".repeat(30) });
  });

  test("when the e-mail has 61 characters, then 400 EMAIL_TOO_LONG as problem+json and nothing is stored", async () => {
    const email = emailOf(61);
    const res = await signup({ email });
    expect(res.status).toBe(400);
    expect(res.type).toContain("application/problem+json");
    expect(res.body).toMatchObject({ code: "EMAIL_TOO_LONG", field: "email", maxLength: 60 });
    expect(await gw.prisma.user.count({ where: { email } })).toBe(0);
  });

  test("when the name has 31 characters (spaces around it do not count), then 400 NAME_TOO_LONG and nothing is stored", async () => {
    const email = emailOf(40);
    expect((await signup({ name: `  ${"가".repeat(30)}  `, email })).status).toBe(201);
    const other = emailOf(40);
    const res = await signup({ name: "가".repeat(31), email: other });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "NAME_TOO_LONG", field: "name", maxLength: 30 });
    expect(await gw.prisma.user.count({ where: { email: other } })).toBe(0);
  });

  test("when an account with a longer e-mail already exists, then signing in is not refused for its length", async () => {
    const res = await fetch(`${gw.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: emailOf(80), password: "long enough password" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("INVALID_CREDENTIALS");
  });
});
