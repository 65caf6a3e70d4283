import { createHash, createHmac, randomBytes } from "node:crypto";
import { signAccessToken } from "@preprint/auth";
import { newId } from "@preprint/contracts";
import { AppError, type Logger } from "@preprint/service-kit";
import { isUniqueViolation, type Prisma, type PrismaClient } from "../db/client";
import type { User } from "../generated/prisma/client";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";
import type { LoginBody, SignupBody, UserView } from "./schemas";

export interface AccountSettings {
  jwtSecret: string;
  accessTtlSec: number;
  refreshTtlSec: number;
  scryptLogN: number;
  loginMaxFailures: number;
  lockoutBaseSec: number;
  lockoutMaxSec: number;
  /** how long a rotated refresh token still yields its successor instead of counting as reuse (0 = never) */
  refreshGraceSec: number;
}

export interface Session {
  user: UserView;
  accessToken: string;
  expiresIn: number;
  /** the raw refresh token: goes into the cookie, never into a log or the database */
  refreshToken: string;
  refreshExpiresAt: Date;
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function toView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    phone: u.phone,
    role: u.role === "STAFF" ? "staff" : "customer",
    storeId: u.storeId,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * The family's lock for the rest of the transaction, taken by rotation and revocation alike
 * (a transaction-scoped advisory lock: a family has no row of its own, and its first token may be
 * purged while later ones live). Key collisions between families only make them wait for each other.
 */
async function lockFamily(tx: Prisma.TransactionClient, familyId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`refresh-family:${familyId}`}, 0))`;
}

/** A hash to compare against when the e-mail is unknown, so both paths cost one scrypt. */
let dummyHash: Promise<string> | undefined;

/**
 * Accounts: sign-up, login with throttling, refresh-token rotation with reuse detection, logout.
 * Refresh tokens are random 256-bit strings; only their SHA-256 is stored (a database leak gives no
 * usable token). Each login starts a family; a refresh marks the presented token rotated with a
 * compare-and-swap UPDATE and issues the next one, so two concurrent refreshes cannot both rotate.
 * A rotated token presented again within `refreshGraceSec` of its rotation (two tabs refreshing at
 * once, a response lost on the way) gets the same successor again; later, or a revoked token, means
 * it was copied: the whole family is revoked. The successor is derived from the presented token
 * (HMAC under a server key), so the grace needs no raw token stored.
 */
export class AccountService {
  constructor(
    private readonly db: PrismaClient,
    private readonly s: AccountSettings,
    private readonly log: Logger,
  ) {}

  async signup(body: SignupBody, role: "CUSTOMER" | "STAFF" = "CUSTOMER", storeId: string | null = null): Promise<Session> {
    const user = await this.createUser(body, role, storeId);
    return this.startSession(user);
  }

  async createUser(body: SignupBody, role: "CUSTOMER" | "STAFF", storeId: string | null): Promise<User> {
    const passwordHash = await hashPassword(body.password, this.s.scryptLogN);
    try {
      return await this.db.user.create({
        data: { id: newId("usr"), email: body.email, passwordHash, name: body.name, phone: body.phone, role, storeId },
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, "EMAIL_TAKEN", "An account with this e-mail address already exists.");
      throw e;
    }
  }

  async login(body: LoginBody, ip: string): Promise<Session> {
    const key = `${sha256(body.email)}:${ip}`;
    const throttle = await this.db.loginThrottle.findUnique({ where: { key } });
    const now = Date.now();
    if (throttle?.lockedUntil && throttle.lockedUntil.getTime() > now) {
      throw this.locked(throttle.lockedUntil.getTime() - now);
    }
    const user = await this.db.user.findUnique({ where: { email: body.email } });
    dummyHash ??= hashPassword("not-a-real-password", this.s.scryptLogN);
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok) {
      const lockMs = await this.recordFailure(key);
      this.log.info({ event: "login_failed", locked: lockMs > 0 }, "login failed");
      if (lockMs > 0) throw this.locked(lockMs);
      throw new AppError(401, "INVALID_CREDENTIALS", "The e-mail address or password is not correct.");
    }
    if (throttle) await this.db.loginThrottle.deleteMany({ where: { key } });
    if (needsRehash(user.passwordHash, this.s.scryptLogN)) {
      await this.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(body.password, this.s.scryptLogN) } });
    }
    return this.startSession(user);
  }

  /** Counts a failure atomically; returns the lockout in ms once the limit is reached (0 otherwise). */
  private async recordFailure(key: string): Promise<number> {
    // failures older than a day start again from 1, so a forgotten password years ago is not held against anyone
    const rows = await this.db.$queryRaw<Array<{ failures: number }>>`
      INSERT INTO "LoginThrottle" ("key", "failures", "updatedAt") VALUES (${key}, 1, now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."updatedAt" < now() - interval '1 day' THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "updatedAt" = now()
      RETURNING "failures"`;
    const failures = rows[0]?.failures ?? 1;
    if (failures < this.s.loginMaxFailures) return 0;
    // exponential back-off: base, 2×base, 4×base … capped
    const sec = Math.min(this.s.lockoutMaxSec, this.s.lockoutBaseSec * 2 ** (failures - this.s.loginMaxFailures));
    await this.db.loginThrottle.update({ where: { key }, data: { lockedUntil: new Date(Date.now() + sec * 1000) } });
    return sec * 1000;
  }

  private locked(ms: number): AppError {
    const retryAfter = Math.max(1, Math.ceil(ms / 1000));
    return new AppError(429, "LOGIN_LOCKED", `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.`, { retryAfter });
  }

  async refresh(rawToken: string | undefined): Promise<Session> {
    if (!rawToken) throw new AppError(401, "REFRESH_TOKEN_MISSING", "Sign in to continue.");
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: sha256(rawToken) }, include: { user: true } });
    if (!row) throw new AppError(401, "REFRESH_TOKEN_INVALID", "Your session is not valid. Please sign in again.");
    if (row.rotatedAt || row.revokedAt) return this.rotatedAgain(row, rawToken);
    if (row.expiresAt.getTime() <= Date.now())
      throw new AppError(401, "REFRESH_TOKEN_EXPIRED", "Your session has expired. Please sign in again.");
    const next = { token: this.successorOf(rawToken), expiresAt: new Date(Date.now() + this.s.refreshTtlSec * 1000) };
    const won = await this.db.$transaction(async (tx) => {
      await lockFamily(tx, row.familyId);
      const claimed = await tx.refreshToken.updateMany({
        where: { id: row.id, rotatedAt: null, revokedAt: null },
        data: { rotatedAt: new Date() },
      });
      if (claimed.count === 0) return false;
      await tx.refreshToken.create({
        data: { id: newId("rtk"), tokenHash: sha256(next.token), familyId: row.familyId, userId: row.userId, expiresAt: next.expiresAt },
      });
      return true;
    });
    if (won) return this.sessionFor(row.user, next);
    // another refresh with the same token rotated it first (two tabs at once): it is in the grace now
    const now = await this.db.refreshToken.findUnique({ where: { id: row.id }, include: { user: true } });
    return this.rotatedAgain(now ?? row, rawToken);
  }

  /**
   * A token presented after it was rotated or revoked. Within the grace of its rotation, and with
   * the family intact, the answer is the session of its live successor (followed down the chain, in
   * case that one was rotated within the grace too); otherwise it is reuse.
   */
  private async rotatedAgain(
    row: { familyId: string; userId: string; rotatedAt: Date | null; revokedAt: Date | null; user: User },
    rawToken: string,
  ): Promise<Session> {
    const graceMs = this.s.refreshGraceSec * 1000;
    let rotatedAt = row.rotatedAt;
    let token = rawToken;
    for (
      let hop = 0;
      hop < 5 && graceMs > 0 && row.revokedAt === null && rotatedAt !== null && Date.now() - rotatedAt.getTime() <= graceMs;
      hop++
    ) {
      token = this.successorOf(token);
      const next = await this.db.refreshToken.findUnique({ where: { tokenHash: sha256(token) } });
      if (!next || next.familyId !== row.familyId || next.revokedAt !== null) break;
      if (next.rotatedAt === null) {
        this.log.info(
          { event: "refresh_token_grace", user_id: row.userId, family_id: row.familyId },
          "rotated refresh token used again within the grace: same successor",
        );
        return this.sessionFor(row.user, { token, expiresAt: next.expiresAt });
      }
      rotatedAt = next.rotatedAt;
    }
    return this.reuseDetected(row.familyId, row.userId);
  }

  /** The refresh token that replaces `rawToken` at rotation: unguessable without both it and the server key. */
  private successorOf(rawToken: string): string {
    return createHmac("sha256", this.successorKey).update(rawToken).digest("base64url");
  }

  private get successorKey(): Buffer {
    return (this.key ??= createHmac("sha256", this.s.jwtSecret).update("preprint refresh-token successor").digest());
  }

  private key: Buffer | undefined;

  private async reuseDetected(familyId: string, userId: string): Promise<never> {
    const revoked = await this.revokeFamily(familyId, "REUSE_DETECTED");
    this.log.warn(
      { event: "refresh_token_reuse", user_id: userId, family_id: familyId, revoked: revoked.count },
      "refresh token reuse: family revoked",
    );
    throw new AppError(401, "REFRESH_TOKEN_REUSED", "This session was signed out for your safety. Please sign in again.");
  }

  /** Revokes the presented token's family (this device's session). Unknown tokens are ignored. */
  async logout(rawToken: string | undefined): Promise<void> {
    if (!rawToken) return;
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: sha256(rawToken) } });
    if (!row) return;
    await this.revokeFamily(row.familyId, "LOGOUT");
  }

  /**
   * Revokes every live token of a family under the family's lock: a rotation of the same family
   * either finished before (its successor is seen and revoked) or starts after (its claim finds the
   * token revoked). Without the lock the update could not see a successor inserted by a rotation
   * still in flight, and the family would live on.
   */
  private revokeFamily(familyId: string, reason: "LOGOUT" | "REUSE_DETECTED"): Promise<{ count: number }> {
    return this.db.$transaction(async (tx) => {
      await lockFamily(tx, familyId);
      return tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
    });
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError(401, "UNAUTHENTICATED", "Sign in to continue.");
    return toView(user);
  }

  /** Deletes refresh tokens that expired more than a day ago and stale throttle rows. */
  async purgeExpired(): Promise<{ tokens: number; throttles: number }> {
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    const tokens = await this.db.refreshToken.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
    const throttles = await this.db.loginThrottle.deleteMany({ where: { updatedAt: { lt: dayAgo } } });
    return { tokens: tokens.count, throttles: throttles.count };
  }

  private newRefreshToken() {
    return { token: randomBytes(32).toString("base64url"), expiresAt: new Date(Date.now() + this.s.refreshTtlSec * 1000) };
  }

  private async startSession(user: User): Promise<Session> {
    const next = this.newRefreshToken();
    await this.db.refreshToken.create({
      data: { id: newId("rtk"), tokenHash: sha256(next.token), familyId: newId("fam"), userId: user.id, expiresAt: next.expiresAt },
    });
    return this.sessionFor(user, next);
  }

  private async sessionFor(user: User, next: { token: string; expiresAt: Date }): Promise<Session> {
    const view = toView(user);
    const accessToken = await signAccessToken(
      {
        sub: user.id,
        role: view.role,
        ...(user.storeId ? { storeId: user.storeId } : {}),
        email: user.email,
        name: user.name,
        phone: user.phone,
      },
      this.s.jwtSecret,
      this.s.accessTtlSec,
    );
    return { user: view, accessToken, expiresIn: this.s.accessTtlSec, refreshToken: next.token, refreshExpiresAt: next.expiresAt };
  }
}
