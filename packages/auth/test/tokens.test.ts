import { createHmac } from "node:crypto";
import { createServiceTokenSource, createTokenVerifier, signAccessToken, TokenError } from "../src";

const SECRET = "test-secret-at-least-32-characters-long";
const verify = createTokenVerifier(SECRET);

function forge(header: object, payload: object, secret = SECRET): string {
  const h = Buffer.from(JSON.stringify(header)).toString("base64url");
  const p = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const s = createHmac("sha256", secret).update(`${h}.${p}`).digest("base64url");
  return `${h}.${p}.${s}`;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as TokenError).code;
  }
  return "accepted";
};

describe("access tokens", () => {
  it("when a token is signed, then the verifier accepts it with its claims", async () => {
    const token = await signAccessToken({ sub: "usr_1", role: "staff", storeId: "sto_1", email: "a@b.kr" }, SECRET);
    expect(verify(token)).toMatchObject({ sub: "usr_1", role: "staff", storeId: "sto_1", iss: "preprint" });
  });

  it("when a token is expired, forged, alg-none, from another issuer or malformed, then it is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "usr_1", role: "customer", iss: "preprint", iat: now, exp: now + 60 };
    expect(codeOf(() => verify(forge({ alg: "HS256" }, { ...claims, exp: now - 100 })))).toBe("TOKEN_EXPIRED");
    expect(codeOf(() => verify(forge({ alg: "HS256" }, claims, "another-secret-another-secret-xx")))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify(forge({ alg: "none" }, claims)))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify(forge({ alg: "HS256" }, { ...claims, iss: "evil" })))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify(forge({ alg: "HS256" }, { ...claims, role: "admin" })))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify("abc.def"))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify(undefined))).toBe("TOKEN_MISSING");
    const good = forge({ alg: "HS256" }, claims);
    expect(codeOf(() => verify(good.slice(0, -2) + "xx"))).toBe("TOKEN_INVALID");
    expect(codeOf(() => verify(good))).toBe("accepted");
  });

  it("when a service token is issued, then it has the service role and is reused until near expiry", async () => {
    const source = createServiceTokenSource("payment", SECRET);
    const t1 = await source();
    expect(await source()).toBe(t1);
    expect(verify(t1)).toMatchObject({ sub: "svc:payment", role: "service" });
  });
});
