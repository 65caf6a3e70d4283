import SwaggerParser from "@apidevtools/swagger-parser";
import express from "express";
import { z } from "zod";
import {
  createApi,
  createLogger,
  createServiceApp,
  handleOperation,
  mergeApiDocuments,
  mountOperation,
  notFound,
  openApiRouter,
  runService,
  send,
  type RunningService,
} from "../src";

const logger = createLogger("openapi-test", "silent");

const store = z.object({ id: z.string(), name: z.string(), openDays: z.array(z.number().int()) }).meta({ id: "Store" });

function declare() {
  const api = createApi({ service: "shop", title: "shop", version: "1.0.0" });
  const ops = {
    listStores: api.operation({
      method: "get",
      path: "/api/stores",
      tag: "stores",
      summary: "Stores",
      security: "none",
      query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { status: 200, description: "Stores", schema: z.array(store) },
    }),
    getStore: api.operation({
      method: "get",
      path: "/api/stores/{storeId}",
      tag: "stores",
      summary: "One store",
      security: "none",
      response: { status: 200, description: "Store", schema: store },
      errors: [404],
      codes: ["STORE_NOT_FOUND"],
    }),
    rename: api.operation({
      method: "post",
      path: "/api/stores/{storeId}/name",
      tag: "staff",
      summary: "Rename",
      security: "staff",
      params: z.object({ storeId: z.string().min(3) }),
      body: z.object({ name: z.string().min(1) }),
      idempotent: true,
      response: { status: 202, description: "Renamed", schema: z.object({ accepted: z.literal(true) }) },
    }),
    forget: api.operation({
      method: "delete",
      path: "/api/stores/{storeId}",
      tag: "staff",
      summary: "Forget",
      security: "staff",
      response: { status: 204, description: "Gone" },
    }),
    internalStore: api.operation({
      method: "get",
      path: "/internal/stores/{storeId}",
      tag: "internal",
      summary: "A store for other services",
      security: "service",
      response: { status: 200, description: "Store", schema: store },
    }),
  };
  return { api, ops };
}

describe("declaring operations", () => {
  it("when operations are declared, then the document is valid OpenAPI 3.1 with their shapes, inputs, errors and security", async () => {
    const { api } = declare();
    const doc = api.document();
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(doc["x-service"]).toBe("shop");
    const list = doc.paths["/api/stores"].get;
    expect(list.operationId).toBe("getStores");
    expect(list.responses["200"]).toEqual({
      description: "Stores",
      content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Store" } } } },
    });
    expect(list.parameters).toEqual([expect.objectContaining({ name: "limit", in: "query", required: false })]);
    expect(doc.components.schemas.Store).toMatchObject({ type: "object", required: ["id", "name", "openDays"] });

    const get = doc.paths["/api/stores/{storeId}"].get;
    expect(get.operationId).toBe("getStoresByStoreId");
    expect(get.parameters).toEqual([{ name: "storeId", in: "path", required: true, schema: { type: "string" } }]);
    expect(Object.keys(get.responses)).toEqual(["200", "404"]);
    expect(get["x-problem-codes"]).toEqual(["STORE_NOT_FOUND"]);
    expect(get.security).toEqual([]);

    const rename = doc.paths["/api/stores/{storeId}/name"].post;
    expect(Object.keys(rename.responses)).toEqual(["202", "400", "401", "403"]);
    expect(rename["x-required-role"]).toBe("staff");
    expect(rename.parameters.map((p: { name: string }) => p.name)).toEqual(["storeId", "Idempotency-Key"]);
    expect(rename.requestBody.content["application/json"].schema).toMatchObject({ required: ["name"] });
    expect(doc.paths["/api/stores/{storeId}"].delete.responses["204"]).toEqual({ description: "Gone" });
    expect(doc.paths["/internal/stores/{storeId}"].get).toMatchObject({ "x-internal": true, security: [{ serviceToken: [] }] });
  });

  it("when an operation is for store devices, then it asks for a device bearer token, answers 401/403, and the merged public document keeps the scheme", async () => {
    const api = createApi({ service: "printing", title: "printing", version: "1" });
    api.operation({
      method: "post",
      path: "/api/kiosk/release",
      tag: "kiosk",
      summary: "Release",
      security: "device",
      response: { status: 202, description: "Released" },
    });
    const own = api.document();
    const op = own.paths["/api/kiosk/release"]!.post!;
    expect(op.security).toEqual([{ deviceToken: [] }]);
    expect(Object.keys(op.responses as object)).toEqual(expect.arrayContaining(["401", "403"]));
    expect(own.components.securitySchemes?.deviceToken).toMatchObject({ type: "http", scheme: "bearer" });
    const merged = mergeApiDocuments({ info: { title: "public", version: "1" }, parts: [{ service: "printing", document: own }] });
    expect(merged.components.securitySchemes?.deviceToken).toMatchObject({ type: "http", scheme: "bearer" });
    await expect(SwaggerParser.validate(structuredClone(merged) as never)).resolves.toBeDefined();
  });

  it("when a route is declared twice or its params do not match its path, then declaring it fails", () => {
    const { api } = declare();
    expect(() =>
      api.operation({
        method: "get",
        path: "/api/stores",
        tag: "x",
        summary: "again",
        security: "none",
        response: { status: 200, description: "" },
      }),
    ).toThrow(/declared twice/);
    const bad = createApi({ service: "x", title: "x", version: "1" });
    expect(() =>
      bad.operation({
        method: "get",
        path: "/api/a/{id}",
        tag: "x",
        summary: "x",
        security: "none",
        params: z.object({ other: z.string() }),
        response: { status: 204, description: "" },
      }),
    ).toThrow(/params schema does not match the path \(id, other\)/);
  });
});

describe("answering through the declared response", () => {
  let svc: RunningService;
  let storeFromHandler: unknown;
  beforeAll(async () => {
    const { api, ops } = declare();
    const { app, health } = createServiceApp({
      service: "shop",
      logger,
      routes: (app) => {
        app.use(openApiRouter(api));
        const r = express.Router();
        mountOperation(
          r,
          ops.listStores,
          handleOperation(ops.listStores, ({ query }) =>
            Array.from({ length: query.limit }, (_, i) => ({ id: `s${i}`, name: "x", openDays: [1] })),
          ),
        );
        mountOperation(r, ops.getStore, (req, res) => {
          if (req.params.storeId === "missing") throw notFound("Store", "STORE_NOT_FOUND");
          send(res, ops.getStore, storeFromHandler as z.input<typeof store>);
        });
        mountOperation(
          r,
          ops.rename,
          handleOperation(ops.rename, ({ params, body }) => {
            expect(params.storeId.length).toBeGreaterThanOrEqual(3);
            expect(body.name.length).toBeGreaterThan(0);
            return { accepted: true as const };
          }),
        );
        mountOperation(
          r,
          ops.forget,
          handleOperation(ops.forget, () => undefined),
        );
        app.use(r);
      },
    });
    svc = await runService({ service: "shop", app, health, logger, port: 0, host: "127.0.0.1", handleSignals: false });
  });
  afterAll(() => svc.stop());

  it("when /openapi.json is asked for, then the declared document is served", async () => {
    const res = await fetch(`${svc.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/stores",
      "/api/stores/{storeId}",
      "/api/stores/{storeId}/name",
      "/internal/stores/{storeId}",
    ]);
  });

  it("when a handler returns fields the schema does not declare, then only the declared ones are sent", async () => {
    storeFromHandler = { id: "s1", name: "Gangnam", openDays: [1, 2], secretNote: "internal" };
    const res = await fetch(`${svc.url}/api/stores/s1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "s1", name: "Gangnam", openDays: [1, 2] });
  });

  it("when a handler's value does not match the declared response, then the answer is a 500 problem, not a wrong body", async () => {
    storeFromHandler = { id: "s1", name: 42, openDays: [] };
    const res = await fetch(`${svc.url}/api/stores/s1`);
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe("INTERNAL");
  });

  it("when the query, params or body are invalid, then 400 VALIDATION_FAILED names each bad field", async () => {
    const q = await fetch(`${svc.url}/api/stores?limit=500`);
    expect(q.status).toBe(400);
    expect(((await q.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(["limit"]);
    const b = await fetch(`${svc.url}/api/stores/ab/name`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "" }),
    });
    expect(b.status).toBe(400);
    expect(((await b.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()).toEqual(["name", "storeId"]);
  });

  it("when inputs are valid, then the handler gets them parsed and answers with the declared status", async () => {
    const list = await fetch(`${svc.url}/api/stores?limit=3`);
    expect(list.status).toBe(200);
    expect(await list.json()).toHaveLength(3);
    const renamed = await fetch(`${svc.url}/api/stores/abc/name`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "New" }),
    });
    expect(renamed.status).toBe(202);
    expect(await renamed.json()).toEqual({ accepted: true });
    const gone = await fetch(`${svc.url}/api/stores/abc`, { method: "DELETE" });
    expect(gone.status).toBe(204);
  });
});

describe("merging documents", () => {
  const part = (service: string, name: string) => {
    const api = createApi({ service, title: service, version: "1" });
    const shape = z.object({ id: z.string(), [name]: z.string() }).meta({ id: "Thing" });
    api.operation({
      method: "get",
      path: `/api/${service}`,
      tag: service,
      summary: "list",
      security: "user",
      response: { status: 200, description: "", schema: z.array(shape) },
    });
    api.operation({
      method: "get",
      path: `/internal/${service}`,
      tag: service,
      summary: "internal",
      security: "service",
      response: { status: 200, description: "", schema: shape },
    });
    api.operation({
      method: "get",
      path: "/api/shared",
      operationId: `shared_${service}`,
      tag: service,
      summary: "both",
      security: "none",
      response: { status: 204, description: "" },
    });
    return api.document();
  };

  it("when parts are merged, then public operations are kept with their service, internal ones dropped, clashing components renamed and a missing part listed", async () => {
    const doc = mergeApiDocuments({
      info: { title: "all", version: "1" },
      tagOrder: ["b"],
      addErrors: [429],
      parts: [
        { service: "a", document: part("a", "colour"), addErrors: [502] },
        { service: "b", document: part("b", "size") },
        { service: "c", unavailable: "HTTP 503" },
      ],
    });
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/a", "/api/b", "/api/shared"]);
    expect(doc.paths["/api/a"].get).toMatchObject({
      "x-service": "a",
      responses: { "200": expect.anything(), "401": expect.anything(), "429": expect.anything(), "502": expect.anything() },
    });
    expect(Object.keys(doc.paths["/api/b"].get.responses)).toEqual(["200", "401", "429"]);
    // the same name for two shapes: the second part's becomes BThing, and its references follow
    expect(doc.components.schemas.Thing).toMatchObject({ required: ["id", "colour"] });
    expect(doc.components.schemas.BThing).toMatchObject({ required: ["id", "size"] });
    expect(JSON.stringify(doc.paths["/api/b"].get)).toContain("#/components/schemas/BThing");
    expect(doc.paths["/api/shared"].get["x-service"]).toBe("a");
    expect(doc["x-conflicts"]).toEqual(["GET /api/shared: b and a"]);
    expect(doc["x-unavailable"]).toEqual({ c: "HTTP 503" });
    expect(doc.tags).toEqual([{ name: "b" }, { name: "a" }]);
  });
});
