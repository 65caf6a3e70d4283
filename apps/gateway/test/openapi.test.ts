import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createLogger, type OpenApiDocument } from "@preprint/service-kit";
import type { TestDatabase } from "@preprint/test-support";
import { gatewayApi } from "../src/openapi/gateway-api";
import { publicDocs } from "../src/openapi/public-docs";
import { APP_DIR, deadPort, migratedDatabase, startBackend, startGateway, type Backend, type TestGateway } from "./helpers";

/**
 * The services' own documents, as their builders produce them (docs/openapi/<service>.json, written
 * by `pnpm --filter @preprint/system-tests run openapi:snapshot` and kept fresh by its test), served
 * over HTTP at /openapi.json exactly as each service serves it. A service that declares nothing yet
 * has no file and answers 404 ROUTE_NOT_FOUND, as the service itself would.
 */
const REPO_ROOT = path.resolve(APP_DIR, "../..");
const SERVICES = ["reservation", "payment", "notification", "printing"] as const;
const serviceFile = (s: string) => path.join(REPO_ROOT, "docs/openapi", `${s}.json`);
const serviceDocs = Object.fromEntries(
  SERVICES.map((s) => [s, existsSync(serviceFile(s)) ? readFileSync(serviceFile(s), "utf8") : undefined]),
) as Record<string, string | undefined>;
const snapshot = JSON.parse(readFileSync(path.join(REPO_ROOT, "docs/openapi.json"), "utf8")) as Doc;

type Doc = OpenApiDocument & { "x-unavailable"?: Record<string, string> };
type Op = { operationId: string; security: unknown[]; responses: Record<string, unknown>; "x-service": string; [k: string]: any };
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m} ${p}`, op: op as Op })));

function serveDocument(service: string, state: { down?: boolean } = {}) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const body = serviceDocs[service];
    if (req.url === "/openapi.json" && body !== undefined && !state.down) {
      res.writeHead(200, { "content-type": "application/json" }).end(body);
      return;
    }
    res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify({ status: 404, code: "ROUTE_NOT_FOUND" }));
  };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await migratedDatabase("gateway_openapi");
});
afterAll(async () => {
  await db?.drop();
});

describe("GET /api/docs with every service answering", () => {
  let gw: TestGateway;
  let backends: Backend[];
  let doc: Doc;
  let res: Response;
  beforeAll(async () => {
    backends = await Promise.all(SERVICES.map((s) => startBackend(serveDocument(s))));
    gw = await startGateway(db, {
      RESERVATION_URL: backends[0]!.url,
      PAYMENT_URL: backends[1]!.url,
      NOTIFICATION_URL: backends[2]!.url,
      PRINTING_URL: backends[3]!.url,
    });
    res = await fetch(`${gw.url}/api/docs`);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all((backends ?? []).map((b) => b.close()));
  });

  it("when the document is fetched, then it is valid OpenAPI 3.1 and cacheable", async () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(doc.openapi).toBe("3.1.0");
    // validate() throws on any schema or reference error; it mutates its input, so give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    const missing = SERVICES.filter((s) => serviceDocs[s] === undefined);
    expect(Object.keys(doc["x-unavailable"] ?? {}).sort()).toEqual([...missing].sort());
    if (missing.length === 0) expect(res.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("when it is compared with the committed docs/openapi.json, then the run-time merge is the same document", () => {
    const strip = (d: Doc) => ({ ...d, "x-unavailable": Object.keys(d["x-unavailable"] ?? {}).sort() });
    expect(strip(doc)).toEqual(strip(snapshot));
  });

  it("when a service's document lists public operations, then each is in /api/docs marked with its service and its internal ones are left out", () => {
    for (const service of SERVICES) {
      const own = serviceDocs[service] === undefined ? undefined : (JSON.parse(serviceDocs[service]!) as Doc);
      for (const { key, op } of own ? operations(own) : []) {
        const [method, p] = key.split(" ") as [string, string];
        const merged = doc.paths[p]?.[method] as Op | undefined;
        if (!p.startsWith("/api/") || op["x-internal"]) expect(merged).toBeUndefined();
        else expect(merged).toMatchObject({ operationId: op.operationId, "x-service": service });
      }
    }
  });

  it("when the gateway's own operations are read, then their shapes come from the validating zod schemas", () => {
    const signup = doc.paths["/api/auth/signup"]!.post as Op;
    const body = signup.requestBody.content["application/json"].schema;
    const resolved = body.$ref ? (doc.components.schemas[body.$ref.split("/").pop()] as any) : body;
    expect(resolved.required).toEqual(expect.arrayContaining(["email", "password", "name", "phone"]));
    expect(resolved.properties.password.minLength).toBe(8);
    expect(resolved.additionalProperties).toBe(false);
    expect(signup.responses["201"]).toEqual({
      description: expect.any(String),
      content: { "application/json": { schema: { $ref: "#/components/schemas/AuthResponse" } } },
    });
    expect(doc.components.schemas.AuthResponse).toMatchObject({
      required: expect.arrayContaining(["user", "accessToken", "tokenType", "expiresIn"]),
    });
    const me = doc.paths["/api/auth/me"]!.get as Op;
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(me.responses["401"]).toBeDefined();
    expect(doc.paths["/api/auth/login"]!.post!.security).toEqual([]);
    expect(Object.keys((doc.paths["/api/health"]!.get as Op).responses)).toEqual(["200", "429", "503"]);
    expect(
      operations(doc)
        .filter(({ op }) => op["x-service"] === "gateway")
        .map(({ key }) => key)
        .sort(),
    ).toEqual(gatewayApi.operations.map((o) => `${o.method} ${o.path}`).sort());
  });

  it("when an operation is read, then the edge's rate limit (429) is on every one and upstream failures (502, 504) on every proxied one", () => {
    for (const { key, op } of operations(doc)) {
      expect([key, Object.keys(op.responses).includes("429")]).toEqual([key, true]);
      const proxied = op["x-service"] !== "gateway";
      expect([key, "502" in op.responses && "504" in op.responses]).toEqual([key, proxied]);
    }
  });
});

describe("GET /api/docs with services down", () => {
  let gw: TestGateway;
  let reservation: Backend;
  let notification: Backend;
  beforeAll(async () => {
    reservation = await startBackend(serveDocument("reservation"));
    // answers, but not with a document (e.g. something else listening on the port)
    notification = await startBackend((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>"));
    gw = await startGateway(db, {
      RESERVATION_URL: reservation.url,
      PAYMENT_URL: `http://127.0.0.1:${await deadPort()}`,
      NOTIFICATION_URL: notification.url,
    });
  });
  afterAll(async () => {
    await gw?.close();
    await reservation?.close();
    await notification?.close();
  });

  it("when one service is unreachable and another answers nonsense, then the document is still served with both listed in x-unavailable", async () => {
    const res = await fetch(`${gw.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const doc = (await res.json()) as Doc;
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(doc["x-unavailable"]).toMatchObject({ payment: expect.stringMatching(/^unreachable/), notification: expect.any(String) });
    expect(operations(doc).some(({ op }) => op["x-service"] === "payment" || op["x-service"] === "notification")).toBe(false);
    expect(doc.paths["/api/auth/login"]).toBeDefined();
  });
});

describe("publicDocs cache", () => {
  const logger = createLogger("docs-test", "silent");
  const count = (b: Backend) => b.seen.filter((r) => r.url === "/openapi.json").length;

  it("when asked again within the lifetime, or many times at once, then each service is asked once", async () => {
    const backends = await Promise.all(SERVICES.map((s) => startBackend(serveDocument(s))));
    try {
      const docs = publicDocs({
        own: gatewayApi,
        logger,
        targets: { reservation: backends[0]!.url, payment: backends[1]!.url, notification: backends[2]!.url, printing: backends[3]!.url },
        ttlMs: 60_000,
        degradedTtlMs: 60_000,
      });
      const bodies = await Promise.all(Array.from({ length: 5 }, () => docs.get()));
      await docs.get();
      expect(new Set(bodies.map((b) => b.body)).size).toBe(1);
      for (const b of backends) expect(count(b)).toBe(1);
    } finally {
      await Promise.all(backends.map((b) => b.close()));
    }
  });

  it("when a service was down, then it is asked again after the short lifetime and its operations return", async () => {
    const state = { down: true };
    const backends = await Promise.all(SERVICES.map((s) => startBackend(serveDocument(s, state))));
    try {
      const docs = publicDocs({
        own: gatewayApi,
        logger,
        targets: { reservation: backends[0]!.url, payment: backends[1]!.url, notification: backends[2]!.url, printing: backends[3]!.url },
        ttlMs: 60_000,
        degradedTtlMs: 150,
      });
      const first = await docs.get();
      expect(first.complete).toBe(false);
      expect(Object.keys((JSON.parse(first.body) as Doc)["x-unavailable"] ?? {}).sort()).toEqual([...SERVICES].sort());
      state.down = false;
      expect((await docs.get()).body).toBe(first.body); // still within the short lifetime
      await new Promise((r) => setTimeout(r, 200));
      const healed = JSON.parse((await docs.get()).body) as Doc;
      const stillMissing = SERVICES.filter((s) => serviceDocs[s] === undefined);
      expect(Object.keys(healed["x-unavailable"] ?? {}).sort()).toEqual([...stillMissing].sort());
      for (const b of backends) expect(count(b)).toBe(2);
    } finally {
      await Promise.all(backends.map((b) => b.close()));
    }
  });
});
