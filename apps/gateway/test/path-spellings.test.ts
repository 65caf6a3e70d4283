/**
 * Every spelling of a limited route that reaches a handler is limited: trailing slashes, queries,
 * fragments, letter case, doubled slashes, percent-encoding and dot segments either count against
 * the same bucket as the canonical path or never reach a handler (404/400, no service call).
 * Each case comes from a client address of its own (X-Forwarded-For behind one trusted hop).
 */
import type { TestDatabase } from "@preprint/test-support";
import { sha256 } from "../src/accounts/service";
import { addressKey } from "../src/edge/client-ip";
import { migratedDatabase, rawRequest, startBackend, startGateway, type Backend, type RawResponse, type TestGateway } from "./helpers";

let db: TestDatabase;
let backend: Backend;

beforeAll(async () => {
  db = await migratedDatabase("gateway_paths");
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.close();
  await db?.drop();
});

let n = 0;
/** a fresh client address per case (documentation prefix 2001:db8::/32, one /64 each) */
const freshIp = () => `2001:db8:${(++n).toString(16)}:1::1`;

/** spellings of `/api/<a>/<b>` that a lenient router could take for it */
function spellings(canonical: string): string[] {
  const segs = canonical.split("/").filter(Boolean); // ["api", "auth", "login"]
  const last = segs[segs.length - 1]!;
  const join = (s: string[]) => `/${s.join("/")}`;
  return [
    `${canonical}/`,
    `${canonical}//`,
    `${canonical}?x`,
    `${canonical}?`,
    `${canonical}#x`,
    `${canonical}/?x`,
    canonical.toUpperCase(),
    join(segs.map((s, i) => (i === segs.length - 1 ? s[0]!.toUpperCase() + s.slice(1) : s))),
    join(["API", ...segs.slice(1)]),
    join(["Api", ...segs.slice(1)]) + "/",
    `/${canonical}`,
    canonical.replace("/api/", "/api//"),
    join([...segs.slice(0, -1), `%${last.charCodeAt(0).toString(16)}${last.slice(1)}`]),
    `/%61pi/${segs.slice(1).join("/")}`,
    `${canonical}/.`,
    join([...segs.slice(0, -1), ".", last]),
    `${canonical};x`,
    `${canonical}%2f`,
    `${canonical}%20`,
    // absolute form: node hands the whole target to the server, express routes by its path
    `http://gateway.example${canonical}`,
    `HTTP://127.0.0.1${canonical}?x`,
  ];
}

/** a request target the edge refuses before any routing (not a path) */
const refusedTarget = (r: RawResponse) => r.status === 400 && r.body.includes('"code":"BAD_REQUEST_TARGET"');

const json = { "content-type": "application/json" };
const login = JSON.stringify({ email: "spell@example.com", password: "wrong password 1" });

describe("per-IP auth limit", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(db, {
      TRUST_PROXY_HOPS: "1",
      RATE_LIMIT_AUTH_PER_MIN: "1",
      RATE_LIMIT_IP_RPS: "0",
      RESERVATION_URL: backend.url,
    });
  });
  afterAll(() => gw?.close());

  it.each(["/api/auth/login", "/api/auth/signup", "/api/auth/refresh"])(
    "when %s was used once, then no other spelling of it reaches its handler: each is 429 or 404",
    async (canonical) => {
      const reached: string[] = [];
      for (const spelled of spellings(canonical)) {
        const ip = freshIp();
        const headers = { ...json, "x-forwarded-for": ip };
        const first = await rawRequest(gw.url, { method: "POST", path: canonical, headers, body: login });
        expect([400, 401]).toContain(first.status); // the handler ran (validation or credentials)
        const res = await rawRequest(gw.url, { method: "POST", path: spelled, headers, body: login });
        if (!(res.status === 429 || res.status === 404 || refusedTarget(res)))
          reached.push(`${spelled} → ${res.status} ${res.body.slice(0, 80)}`);
      }
      expect(reached).toEqual([]);
    },
  );

  it("when a login was limited in another spelling, then the account's failure count shows one attempt per address", async () => {
    const ip = freshIp();
    const headers = { ...json, "x-forwarded-for": ip };
    for (const p of ["/api/auth/login", ...spellings("/api/auth/login")])
      await rawRequest(gw.url, { method: "POST", path: p, headers, body: login });
    const row = await gw.prisma.loginThrottle.findUnique({ where: { key: `${sha256("spell@example.com")}:${addressKey(ip)}` } });
    expect(row?.failures).toBe(1);
  });
});

describe("per-IP limit over /api", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // one request per address, refilled only after ~17 minutes: a second one in any spelling is over the limit
    gw = await startGateway(db, {
      TRUST_PROXY_HOPS: "1",
      RATE_LIMIT_IP_RPS: "0.001",
      RATE_LIMIT_IP_BURST: "1",
      RATE_LIMIT_AUTH_PER_MIN: "0",
      RESERVATION_URL: backend.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
    });
  });
  afterAll(() => gw?.close());

  const served = (r: RawResponse) =>
    r.status !== 429 && !(r.status === 404 || r.status === 400) && !(r.headers["content-type"] ?? "").startsWith("text/html");

  it.each(["/api/stores", "/api/refund-policy", "/api/payments/config", "/api/health", "/api/docs", "/api/auth/me"])(
    "when %s was used once, then every other spelling that is served at all is 429, and none reaches a service",
    async (canonical) => {
      const reached: string[] = [];
      for (const spelled of spellings(canonical)) {
        const headers = { "x-forwarded-for": freshIp() };
        await rawRequest(gw.url, { path: canonical, headers });
        const before = backend.seen.length;
        const res = await rawRequest(gw.url, { path: spelled, headers });
        if (served(res) || backend.seen.length !== before) reached.push(`${spelled} → ${res.status} ${res.body.slice(0, 80)}`);
      }
      expect(reached).toEqual([]);
    },
  );

  it("when the request target is in absolute form, then it is a 400 problem that reaches no handler or service; OPTIONS * is still answered", async () => {
    for (const target of [
      "http://gateway.example/api/auth/login",
      "http://gateway.example/api/stores",
      "http://gateway.example/",
      "https://x/api/health",
    ]) {
      const before = backend.seen.length;
      const res = await rawRequest(gw.url, {
        method: "POST",
        path: target,
        headers: { ...json, "x-forwarded-for": freshIp() },
        body: login,
      });
      expect([target, res.status, res.headers["content-type"]]).toEqual([target, 400, "application/problem+json"]);
      expect(JSON.parse(res.body).code).toBe("BAD_REQUEST_TARGET");
      expect(backend.seen.length).toBe(before);
    }
    const star = await rawRequest(gw.url, { method: "OPTIONS", path: "*", headers: { "x-forwarded-for": freshIp() } });
    expect(star.status).toBeLessThan(500);
  });

  it("when clients share an IPv6 /64 or use the IPv4-mapped form, then they share one bucket; another /64 has its own", async () => {
    const get = (ip: string) => rawRequest(gw.url, { path: "/api/stores", headers: { "x-forwarded-for": ip } });
    expect((await get("2001:db8:ffff:1:0:0:0:1")).status).toBe(200);
    expect((await get("2001:db8:ffff:1:abcd:ef01:2345:6789")).status).toBe(429);
    expect((await get("2001:DB8:FFFF:1::7")).status).toBe(429);
    expect((await get("2001:db8:ffff:2::1")).status).toBe(200);
    expect((await get("198.51.100.7")).status).toBe(200);
    expect((await get("::ffff:198.51.100.7")).status).toBe(429);
  });
});

describe("address keys", () => {
  it("when an address is IPv6, then its key is its /64; IPv4 and IPv4-mapped addresses are the IPv4 address", () => {
    expect(addressKey("198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("::ffff:c633:6407")).toBe("198.51.100.7");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::198.51.100.7")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("not an address")).toBe("not an address");
  });
});
