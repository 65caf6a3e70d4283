import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const KEY_LEN = 32;
const R = 8;
const P = 1;

/** scrypt's memory is 128·N·r bytes; node refuses above `maxmem` (32 MiB by default), so raise it. */
const maxmem = (logN: number, r: number) => 128 * 2 ** logN * r + 8 * 1024 * 1024;

/**
 * Hashes with scrypt (memory-hard, RFC 7914) from node:crypto: N = 2^logN, r = 8, p = 1, 16-byte
 * salt, 32-byte key. 2^15 takes ~32 MiB and ~80–150 ms on this machine, run on libuv's thread pool.
 * Format: `scrypt$<logN>$<r>$<p>$<salt>$<key>` (base64url), so parameters can rise later.
 */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LEN, { N: 2 ** logN, r: R, p: P, maxmem: maxmem(logN, R) });
  return `scrypt$${logN}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, logNs, rs, ps, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const logN = Number(logNs);
  const r = Number(rs);
  const p = Number(ps);
  const expected = Buffer.from(keyB64, "base64url");
  const key = await scrypt(password.normalize("NFKC"), Buffer.from(saltB64, "base64url"), expected.length, {
    N: 2 ** logN,
    r,
    p,
    maxmem: maxmem(logN, r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash was made with weaker parameters than today's (rehash on next login). */
export function needsRehash(stored: string, logN: number): boolean {
  const parts = stored.split("$");
  return parts[0] !== "scrypt" || Number(parts[1]) < logN;
}
