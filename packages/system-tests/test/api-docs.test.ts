import { readFileSync } from "node:fs";
import { waitFor } from "@preprint/test-support";
import { startApp } from "@preprint/test-support/app-process";
import { Api, readyPathOf, startSystem, type RunningSystem } from "../src";
import { SNAPSHOT_FILE } from "../src/openapi-snapshot";

/**
 * /api/docs is built at run time from the running services' own documents: it must be the
 * committed docs/openapi.json, and a service that is down must not take the document with it.
 */
type Doc = { paths: Record<string, Record<string, { "x-service"?: string }>>; "x-unavailable"?: Record<string, string> };
const serviceOf = (doc: Doc) => new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op["x-service"])));
// the reason differs (not built into the snapshot vs. not answering at run time); which services is what counts
const comparable = (doc: Doc) => ({ ...doc, "x-unavailable": Object.keys(doc["x-unavailable"] ?? {}).sort() });

let sys: RunningSystem;
let api: Api;
beforeAll(async () => {
  sys = await startSystem();
  api = new Api(sys.baseUrl);
}, 240_000);
afterAll(async () => {
  await sys?.stop();
});

it("when the payment service is down, then /api/docs still answers and lists it as unavailable; once it is back, the document is whole again and equals docs/openapi.json", async () => {
  const payment = sys.apps.find((a) => a.name === "payment")!;
  await payment.stop(10_000);

  const degraded = await api.get<Doc>("/api/docs");
  expect(degraded.status).toBe(200);
  expect(degraded.headers.get("cache-control")).toBe("no-store");
  expect(degraded.body["x-unavailable"]?.payment).toMatch(/^unreachable/);
  expect(serviceOf(degraded.body).has("payment")).toBe(false);
  expect(degraded.body.paths["/api/auth/login"]).toBeDefined();

  sys.apps.splice(sys.apps.indexOf(payment), 1);
  sys.apps.push(
    await startApp({
      name: "payment",
      cwd: sys.cwdOf("payment"),
      env: sys.envOf("payment"),
      port: sys.ports.payment,
      readyPath: readyPathOf("payment"),
      timeoutMs: 60_000,
    }),
  );

  // a document missing a service is rebuilt within seconds
  const healed = await waitFor(
    async () => {
      const res = await api.get<Doc>("/api/docs");
      return /^unreachable/.test(res.body["x-unavailable"]?.payment ?? "") ? undefined : res;
    },
    { timeoutMs: 20_000, intervalMs: 500 },
  );
  const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, "utf8")) as Doc;
  expect(comparable(healed.body)).toEqual(comparable(snapshot));
});
