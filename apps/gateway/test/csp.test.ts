/**
 * The page CSP lets PortOne's browser SDK open the PG window (PC iframe and mobile form post)
 * and nothing more: each directive has its own configurable list, and a list entry that would
 * open the page to any host is refused at start-up, naming the variable.
 */
import { testConfig } from "../src/config";
import { securityHeaders } from "../src/edge/security-headers";

function directives(env: Record<string, string> = {}): Record<string, string[]> {
  const c = testConfig({ JWT_SECRET: "j".repeat(40), ...env });
  const headers = securityHeaders({
    https: true,
    extraScript: c.CSP_EXTRA_SCRIPT,
    extraConnect: c.CSP_EXTRA_CONNECT,
    extraFrame: c.CSP_EXTRA_FRAME,
    extraFormAction: c.CSP_EXTRA_FORM_ACTION,
  });
  const csp = headers.find(([k]) => k === "Content-Security-Policy")![1];
  return Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

test("when nothing is configured, then the CSP allows the SDK, its calls, the PC windows and the mobile form posts of PortOne and Smartro", () => {
  const d = directives();
  expect(d["script-src"]).toEqual(
    expect.arrayContaining(["'self'", "https://cdn.portone.io", "https://tpay.smartropay.co.kr", "https://pay.smartropay.co.kr"]),
  );
  expect(d["connect-src"]).toEqual(
    expect.arrayContaining([
      "'self'",
      "https://checkout-service.prod.iamport.co",
      "https://tx-gateway-service.prod.iamport.co",
      "https://payment-bridge.prod.iamport.co",
      "https://coretelemetry.prod.iamport.co",
      "https://service.iamport.kr",
    ]),
  );
  expect(d["frame-src"]).toEqual(
    expect.arrayContaining([
      "'self'",
      "https://checkout-service.prod.iamport.co",
      "https://payment-bridge.prod.iamport.co",
      "https://tpay.smartropay.co.kr",
      "https://pay.smartropay.co.kr",
    ]),
  );
  expect(d["form-action"]).toEqual(
    expect.arrayContaining([
      "'self'",
      "https://checkout-service.prod.iamport.co",
      "https://tmpay.smartropay.co.kr",
      "https://mpay.smartropay.co.kr",
    ]),
  );
  // nothing broader than the listed hosts
  for (const list of Object.values(d)) expect(list.filter((s) => s === "*" || s === "https:" || s === "https://*.portone.io")).toEqual([]);
  expect(d["frame-ancestors"]).toEqual(["'none'"]);
});

test("when an operator sets a directive's list, then exactly that list follows 'self'", () => {
  const d = directives({
    CSP_EXTRA_FORM_ACTION: "https://mpay.smartropay.co.kr",
    CSP_EXTRA_FRAME: "https://pay.smartropay.co.kr https://*.example-pg.co.kr",
  });
  expect(d["form-action"]).toEqual(["'self'", "https://mpay.smartropay.co.kr"]);
  expect(d["frame-src"]).toEqual(["'self'", "https://pay.smartropay.co.kr", "https://*.example-pg.co.kr"]);
});

test.each([
  ["CSP_EXTRA_SCRIPT", "*"],
  ["CSP_EXTRA_CONNECT", "https:"],
  ["CSP_EXTRA_FRAME", "http://pay.smartropay.co.kr"],
  ["CSP_EXTRA_FORM_ACTION", "https://pay.smartropay.co.kr; script-src *"],
  ["CSP_EXTRA_SCRIPT", "'unsafe-inline'"],
])("when %s holds %p, then start-up is refused naming it", (key, value) => {
  expect(() => testConfig({ JWT_SECRET: "j".repeat(40), [key]: value })).toThrow(new RegExp(`${key}: each entry must be an https origin`));
});

describe("the payment stage", () => {
  const secret = "Qm4vT9xK2pL7wR3zN8cB5yH1fG6dS0aJ-gateway";
  test("when test or live is served over http or with a placeholder JWT secret, then start-up is refused naming each", () => {
    for (const mode of ["test", "live"]) {
      expect(() =>
        testConfig({
          PORTONE_MODE: mode,
          JWT_SECRET: "change-me-change-me-change-me-change-me",
          PUBLIC_BASE_URL: "http://preprint.kr",
          CORS_ORIGINS: "http://admin.preprint.kr",
        }),
      ).toThrow(/PUBLIC_BASE_URL: .*\n.*CORS_ORIGINS: http:\/\/admin\.preprint\.kr.*\n.*JWT_SECRET: a placeholder/);
    }
  });

  test("when test runs on a loopback origin (a rehearsal) or live on https, then it starts; the sandbox takes anything", () => {
    expect(testConfig({ PORTONE_MODE: "test", JWT_SECRET: secret, PUBLIC_BASE_URL: "http://127.0.0.1:8080" }).PORTONE_MODE).toBe("test");
    expect(() => testConfig({ PORTONE_MODE: "live", JWT_SECRET: secret, PUBLIC_BASE_URL: "http://127.0.0.1:8080" })).toThrow(
      /PUBLIC_BASE_URL/,
    );
    expect(testConfig({ PORTONE_MODE: "live", JWT_SECRET: secret, PUBLIC_BASE_URL: "https://preprint.kr" }).PORTONE_MODE).toBe("live");
    expect(testConfig({ JWT_SECRET: "change-me-change-me-change-me-change-me" }).PORTONE_MODE).toBe("sandbox");
  });
});
