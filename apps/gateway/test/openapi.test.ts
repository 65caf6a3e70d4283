import SwaggerParser from "@apidevtools/swagger-parser";
import type { TestDatabase } from "@preprint/test-support";
import { OPERATIONS } from "../src/openapi/document";
import { migratedDatabase, startGateway, type TestGateway } from "./helpers";

let db: TestDatabase;
let gw: TestGateway;
beforeAll(async () => {
  db = await migratedDatabase("gateway_openapi");
  gw = await startGateway(db);
});
afterAll(async () => {
  await gw?.close();
  await db?.drop();
});

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; "x-missing-schemas"?: string[]; components: { schemas: Record<string, any> } };

describe("GET /api/docs", () => {
  let doc: Doc;
  beforeAll(async () => {
    const res = await fetch(`${gw.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    doc = (await res.json()) as Doc;
  });

  it("when the document is fetched, then it is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    // validate() throws on any schema or reference error; it mutates its input, so give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it("when the document is built, then every request schema a service exports was found (none missing)", () => {
    expect(doc["x-missing-schemas"]).toBeUndefined();
  });

  it("when the public API table is compared, then every public API v1 path is documented", () => {
    const expected = [
      "post /api/auth/signup", "post /api/auth/login", "post /api/auth/refresh", "post /api/auth/logout", "get /api/auth/me",
      "get /api/stores", "get /api/stores/{storeId}/slots", "post /api/uploads", "post /api/quotes", "post /api/reservations",
      "get /api/reservations", "get /api/reservations/{reservationId}", "post /api/reservations/{reservationId}/cancel",
      "get /api/staff/reservations", "post /api/staff/reservations/{reservationId}/ready", "post /api/staff/reservations/{reservationId}/refund",
      "get /api/payments/config", "post /api/payments/checkout", "post /api/payments/{paymentId}/complete", "get /api/payments/{paymentId}",
      "post /api/payments/webhooks/portone", "get /api/notifications", "post /api/notifications/{notificationId}/read",
      "get /api/notifications/stream", "get /api/health", "get /api/docs",
    ];
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    for (const e of expected) expect(documented).toContain(e);
    expect(documented).toHaveLength(OPERATIONS.length);
  });

  it("when a request schema changes its rules, then the document shows them (built from the validating zod schemas)", () => {
    const signup = doc.paths["/api/auth/signup"]!.post.requestBody.content["application/json"].schema;
    const resolved = signup.$ref ? doc.components.schemas[signup.$ref.split("/").pop()] : signup;
    expect(resolved.required).toEqual(expect.arrayContaining(["email", "password", "name", "phone"]));
    expect(resolved.properties.password.minLength).toBe(8);
    expect(resolved.additionalProperties).toBe(false);
    const reservation = doc.paths["/api/reservations"]!.post.requestBody.content["application/json"].schema;
    expect(reservation.required).toEqual(expect.arrayContaining(["storeId", "slotId", "items"]));
    expect(reservation.properties.items.items.properties.colorMode.enum).toEqual(["MONO", "COLOR"]);
    const slots = doc.paths["/api/stores/{storeId}/slots"]!.get.parameters as Array<{ name: string; in: string; required: boolean }>;
    expect(slots).toEqual(expect.arrayContaining([expect.objectContaining({ name: "date", in: "query", required: true }), expect.objectContaining({ name: "storeId", in: "path" })]));
  });

  it("when a route needs a token, then it declares bearer security and a 401; public routes declare none", () => {
    const me = doc.paths["/api/auth/me"]!.get;
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(me.responses["401"]).toBeDefined();
    expect(doc.paths["/api/stores"]!.get.security).toEqual([]);
    expect(doc.paths["/api/staff/reservations"]!.get.responses["403"]).toBeDefined();
  });
});
