import fs from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

/**
 * Validates JSON against PortOne's official OpenAPI schema (PortOne API 1.16.0, vendored in
 * apps/portone-sandbox/reference/) with ajv. Two adjustments make the schema checkable, both stricter than the
 * original, never looser:
 *  - OpenAPI `discriminator.mapping` is not JSON Schema: each mapped member gets its discriminator
 *    value as an `enum`, so a `oneOf` picks exactly one member (without it a PAID payment would
 *    also match ReadyPayment and fail `oneOf`);
 *  - objects with `properties` get `additionalProperties: false`, so a misspelt or invented field
 *    fails instead of passing silently.
 */

export const OPENAPI_PATH = process.env.PORTONE_OPENAPI_PATH ?? path.resolve(__dirname, "../../reference/portone-v2.openapi.json");

type Json = Record<string, any>;

function loadDocument(): Json {
  if (!fs.existsSync(OPENAPI_PATH)) {
    throw new Error(`PortOne OpenAPI schema not found at ${OPENAPI_PATH} (set PORTONE_OPENAPI_PATH)`);
  }
  return JSON.parse(fs.readFileSync(OPENAPI_PATH, "utf8")) as Json;
}

function refName(ref: string): string {
  return ref.replace("#/components/schemas/", "");
}

function prepare(schemas: Json): Json {
  const out = structuredClone(schemas);
  for (const schema of Object.values(out)) {
    const d = schema.discriminator;
    if (!d?.mapping) continue;
    for (const [value, ref] of Object.entries<string>(d.mapping)) {
      const target = out[refName(ref)];
      const prop = target?.properties?.[d.propertyName];
      if (!prop) throw new Error(`discriminator ${d.propertyName} missing on ${ref}`);
      prop.enum = [...new Set([...(prop.enum ?? []), value])];
    }
    delete schema.discriminator;
  }
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Json;
    if (n.type === "object" && n.properties && n.additionalProperties === undefined) n.additionalProperties = false;
    Object.values(n).forEach(walk);
  };
  walk(out);
  return out;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export class OpenApi {
  readonly doc: Json;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; pattern: RegExp; template: string }[] = [];

  constructor() {
    this.doc = loadDocument();
    this.ajv = new Ajv({ strict: false, allErrors: true });
    this.ajv.addFormat("date-time", { type: "string", validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)) });
    this.ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat("binary", true);
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addSchema({ components: { schemas: prepare(this.doc.components.schemas) } }, "portone");
    for (const [template, ops] of Object.entries<Json>(this.doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      for (const method of Object.keys(ops)) this.routes.push({ method: method.toUpperCase(), pattern, template });
    }
  }

  private validator(name: string): ValidateFunction {
    let v = this.cache.get(name);
    if (!v) {
      v = this.ajv.getSchema(`portone#/components/schemas/${name}`);
      if (!v) throw new Error(`no schema ${name}`);
      this.cache.set(name, v);
    }
    return v;
  }

  /** Errors of `data` against components.schemas[name]; empty when valid. */
  errors(name: string, data: unknown): string[] {
    const v = this.validator(name);
    if (v(data)) return [];
    // a oneOf reports every member's complaints; name the member the discriminator picks instead
    const d = this.doc.components.schemas[name]?.discriminator;
    const picked = d?.mapping && data && typeof data === "object" ? d.mapping[(data as Json)[d.propertyName]] : undefined;
    if (picked) return this.errors(refName(picked), data);
    return (v.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  }

  /** The schema name the spec gives this operation's response with this status, or an error. */
  responseSchema(method: string, pathname: string, status: number): { name?: string; error?: string } {
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(pathname));
    if (!route) return { error: `${method} ${pathname} is not a PortOne operation` };
    const res = this.doc.paths[route.template][method.toLowerCase()].responses[String(status)];
    if (!res) return { error: `${method} ${route.template} has no documented ${status} response` };
    const ref: string | undefined = res.content?.["application/json"]?.schema?.$ref;
    if (!ref) return { error: `${method} ${route.template} ${status} has no JSON schema` };
    return { name: refName(ref) };
  }

  /** Validates one response of the REST API; returns the problems (empty = conforms). */
  checkResponse(method: string, pathname: string, status: number, body: unknown): string[] {
    const { name, error } = this.responseSchema(method, pathname, status);
    if (error) return [error];
    return this.errors(name!, body).map((e) => `${method} ${pathname} ${status}: ${e}`);
  }
}

let shared: OpenApi | undefined;
export const openApi = () => (shared ??= new OpenApi());

/**
 * Wraps global fetch (what @portone/server-sdk uses) so every response from the sandbox's REST
 * paths is checked against the spec. `take()` returns and clears what did not conform.
 */
export function validateSdkTraffic(baseUrl: string): { take: () => string[]; checked: () => number; restore: () => void } {
  const original = globalThis.fetch;
  const spec = openApi();
  let problems: string[] = [];
  let count = 0;
  globalThis.fetch = async (input: any, init?: any) => {
    const res = await original(input, init);
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
    if (url.origin === new URL(baseUrl).origin && !url.pathname.startsWith("/__sandbox") && !url.pathname.startsWith("/checkout")) {
      const method = (init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET")) as string;
      count += 1;
      const text = await res.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`${method} ${url.pathname} ${res.status}: body is not JSON`);
        return res;
      }
      problems.push(...spec.checkResponse(method, url.pathname, res.status, body));
    }
    return res;
  };
  return {
    take: () => {
      const p = problems;
      problems = [];
      return p;
    },
    checked: () => count,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
