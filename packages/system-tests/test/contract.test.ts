import { z } from "zod";
import { createApi } from "@preprint/service-kit";
import { ContractChecker } from "../src/contract";

function checker() {
  const api = createApi({ service: "shop", title: "shop", version: "1" });
  const item = z.object({ id: z.string(), count: z.number().int().nonnegative(), at: z.iso.datetime() }).meta({ id: "Item" });
  api.operation({
    method: "get",
    path: "/api/items/{itemId}",
    tag: "items",
    summary: "one",
    security: "user",
    response: { status: 200, description: "", schema: item },
    errors: [404],
  });
  api.operation({
    method: "post",
    path: "/api/items/read-all",
    tag: "items",
    summary: "all",
    security: "user",
    response: { status: 200, description: "", schema: z.object({ marked: z.number().int() }) },
  });
  api.operation({
    method: "get",
    path: "/api/legacy",
    tag: "items",
    summary: "no schema yet",
    security: "none",
    response: { status: 200, description: "" },
  });
  api.operation({
    method: "delete",
    path: "/api/items/{itemId}",
    tag: "items",
    summary: "gone",
    security: "user",
    response: { status: 204, description: "" },
  });
  return new ContractChecker(api.document());
}
const json = "application/json; charset=utf-8";

describe("contract checker", () => {
  it("when an answer matches its declared schema, then there is no finding", () => {
    const c = checker();
    expect(
      c.check({
        method: "GET",
        path: "/api/items/it_1?x=1",
        status: 200,
        contentType: json,
        body: { id: "it_1", count: 2, at: "2026-12-06T10:00:00.000Z" },
      }),
    ).toBeUndefined();
    expect(c.check({ method: "DELETE", path: "/api/items/it_1", status: 204, contentType: null, body: undefined })).toBeUndefined();
    expect(c.checked).toBe(2);
  });

  it("when a body breaks the declared schema, then the finding names the operation and the field", () => {
    const f = checker().check({
      method: "GET",
      path: "/api/items/it_1",
      status: 200,
      contentType: json,
      body: { id: "it_1", count: -1, at: "yesterday" },
    });
    expect(f).toMatchObject({ operation: "get /api/items/{itemId}", status: 200 });
    expect(f!.message).toMatch(/\/count/);
    expect(f!.message).toMatch(/\/at/);
  });

  it("when an operation with a schema answers a status it does not declare, then that is a finding", () => {
    expect(checker().check({ method: "GET", path: "/api/items/it_1", status: 202, contentType: json, body: {} })).toMatchObject({
      message: expect.stringMatching(/status 202 is not declared/),
    });
  });

  it("when an error answer is not a problem document, then that is a finding", () => {
    const c = checker();
    expect(
      c.check({
        method: "GET",
        path: "/api/items/x",
        status: 404,
        contentType: "application/problem+json",
        body: { type: "t", title: "Not Found", status: 404, detail: "d", code: "NOT_FOUND" },
      }),
    ).toBeUndefined();
    expect(
      c.check({ method: "GET", path: "/api/items/x", status: 404, contentType: "application/problem+json", body: { error: "nope" } }),
    ).toMatchObject({ status: 404 });
    expect(c.check({ method: "GET", path: "/api/items/x", status: 404, contentType: "text/html", body: "<html>" })).toMatchObject({
      message: expect.stringMatching(/content type text\/html/),
    });
  });

  it("when a literal path and a template both match, then the literal operation is checked", () => {
    const c = checker();
    expect(c.check({ method: "POST", path: "/api/items/read-all", status: 200, contentType: json, body: { marked: 3 } })).toBeUndefined();
    expect(c.check({ method: "POST", path: "/api/items/read-all", status: 200, contentType: json, body: { marked: "3" } })).toBeDefined();
  });

  it("when the document has no schema or no operation for an answer, then it is counted as undeclared, not passed silently", () => {
    const c = checker();
    expect(c.check({ method: "GET", path: "/api/legacy", status: 200, contentType: json, body: [1] })).toBeUndefined();
    expect(c.check({ method: "GET", path: "/api/unknown/1", status: 200, contentType: json, body: {} })).toBeUndefined();
    expect([...c.undeclared.keys()]).toEqual(["get /api/legacy", "get /api/unknown/1"]);
    expect(c.checked).toBe(0);
  });
});
