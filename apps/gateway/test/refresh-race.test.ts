/**
 * Revoking a refresh-token family (reuse detected, logout) while another request rotates a token of
 * the same family: the rotation's successor must be revoked too, or the family lives on past its
 * revocation. The interleaving is made certain, not hoped for: a second connection holds the user
 * row, so the rotation's insert of the successor waits (its foreign-key check needs that row) with
 * the rotation's transaction open, while the revocation starts; then the row is let go.
 */
import { waitFor, type TestDatabase } from "@preprint/test-support";
import { sha256 } from "../src/accounts/service";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { migratedDatabase, startGateway, type TestGateway } from "./helpers";

let db: TestDatabase;
let gw: TestGateway;
let side: PrismaClient;

beforeAll(async () => {
  db = await migratedDatabase("gateway_refresh_race");
  // no grace: a rotated token presented again is reuse at once
  gw = await startGateway(db, { REFRESH_REUSE_GRACE_SEC: "0", RATE_LIMIT_AUTH_PER_MIN: "0", RATE_LIMIT_IP_RPS: "0" });
  side = createPrisma(db.url, 2);
});
afterAll(async () => {
  await side?.$disconnect();
  await gw?.close();
  await db?.drop();
});

jest.setTimeout(60_000);

/** statements of this database waiting for a lock */
async function waiting(): Promise<number> {
  const rows = await side.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE NOT l.granted AND a.datname = current_database()`;
  return rows[0]!.n;
}

/** Holds the user row FOR UPDATE until the returned function is called. */
async function holdUser(userId: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  const tx = side.$transaction(
    async (t) => {
      await t.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
      held();
      await released;
    },
    { timeout: 30_000 },
  );
  await holding;
  return async () => {
    release();
    await tx;
  };
}

it.each([
  ["reuse of the rotated token", (old: string) => gw.gw.accounts.refresh(old)],
  ["logout", (old: string) => gw.gw.accounts.logout(old)],
] as const)(
  "when the family is revoked by %s while its current token is being rotated, then no token of the family stays live",
  async (_what, revoke) => {
    const accounts = gw.gw.accounts;
    const first = await accounts.signup({
      email: `race-${Math.random().toString(36).slice(2)}@example.com`,
      password: "correct horse battery",
      name: "경주",
      phone: "010-1234-5678",
    });
    const current = await accounts.refresh(first.refreshToken);
    const familyId = (await gw.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(first.refreshToken) } }))!.familyId;

    const release = await holdUser(first.user.id);
    const rotation = accounts.refresh(current.refreshToken).then(
      () => "rotated",
      (err: { code?: string }) => err.code,
    );
    await waitFor(async () => (await waiting()) === 1, { timeoutMs: 20_000, description: "the rotation waits with its transaction open" });
    const revocation = revoke(first.refreshToken).then(
      () => "revoked",
      (err: { code?: string }) => err.code,
    );
    await waitFor(async () => (await waiting()) === 2, { timeoutMs: 20_000, description: "the revocation waits behind the rotation" });
    await release();
    await Promise.all([rotation, revocation]);

    expect(await gw.prisma.refreshToken.count({ where: { familyId, revokedAt: null } })).toBe(0);
    await expect(accounts.refresh(current.refreshToken)).rejects.toMatchObject({ code: "REFRESH_TOKEN_REUSED" });
  },
);
