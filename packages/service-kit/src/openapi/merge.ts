import { SECURITY_SCHEMES, type OpenApiDocument } from "./document";
import type { JsonSchema } from "./json-schema";
import { PROBLEM_SCHEMA, problemResponse } from "./problem";

/** One part of the public document: a service's own document, or why it could not be read. */
export interface DocumentPart {
  service: string;
  document?: OpenApiDocument;
  /** set when the service's document could not be fetched or read */
  unavailable?: string;
  /** error statuses the edge adds to each of this part's operations (e.g. 502/504 for proxied ones) */
  addErrors?: readonly number[];
}

export interface MergeOptions {
  info: { title: string; version: string; description?: string };
  parts: readonly DocumentPart[];
  /** tags in this order first; others follow in order of appearance */
  tagOrder?: readonly string[];
  /** error statuses added to every operation (e.g. 429 from the edge's rate limits) */
  addErrors?: readonly number[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

/**
 * One public OpenAPI document from the parts' own: their public operations (`/api/...`, not
 * `x-internal`), each marked with `x-service`; components merged (a name two parts use for
 * different shapes is prefixed with the part's service); parts that could not be read listed in
 * `x-unavailable` so a reader sees what is missing. Never throws on a part's content.
 */
export function mergeApiDocuments(opts: MergeOptions): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const schemas: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const tags: string[] = [...(opts.tagOrder ?? [])];
  const unavailable: Record<string, string> = {};
  const conflicts: string[] = [];

  for (const part of opts.parts) {
    if (!part.document) {
      unavailable[part.service] = part.unavailable ?? "no document";
      continue;
    }
    const renames = mergeComponents(part, schemas);
    for (const [path, item] of Object.entries(part.document.paths ?? {})) {
      if (!path.startsWith("/api/")) continue;
      for (const [method, raw] of Object.entries(item ?? {})) {
        if (!METHODS.includes(method) || raw?.["x-internal"] === true) continue;
        const op = renameRefs(raw, renames) as JsonSchema & { responses?: Record<string, unknown>; tags?: string[] };
        if (paths[path]?.[method]) {
          conflicts.push(`${method.toUpperCase()} ${path}: ${part.service} and ${String(paths[path][method]["x-service"])}`);
          continue;
        }
        const responses = { ...(op.responses ?? {}) };
        for (const status of [...(part.addErrors ?? []), ...(opts.addErrors ?? [])]) responses[String(status)] ??= problemResponse(status);
        (paths[path] ??= {})[method] = { ...op, responses: sortResponses(responses), "x-service": part.service };
        for (const t of op.tags ?? []) if (!tags.includes(t)) tags.push(t);
      }
    }
  }

  return {
    openapi: "3.1.0",
    info: { ...opts.info },
    servers: [{ url: "/" }],
    tags: tags.map((name) => ({ name })),
    paths,
    // the public schemes only: service tokens never pass the gateway
    components: { schemas, securitySchemes: { bearer: SECURITY_SCHEMES.bearer!, deviceToken: SECURITY_SCHEMES.deviceToken! } },
    ...(Object.keys(unavailable).length ? { "x-unavailable": unavailable } : {}),
    ...(conflicts.length ? { "x-conflicts": conflicts } : {}),
  };
}

/** Adds the part's components to `schemas`; returns the names that had to change (old → new). */
function mergeComponents(part: DocumentPart, schemas: Record<string, JsonSchema>): Map<string, string> {
  const own = part.document?.components?.schemas ?? {};
  const renames = new Map<string, string>();
  for (const [name, schema] of Object.entries(own)) {
    const existing = schemas[name];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(schema)) {
      renames.set(name, `${part.service[0]!.toUpperCase()}${part.service.slice(1)}${name}`);
    }
  }
  for (const [name, schema] of Object.entries(own)) {
    const target = renames.get(name) ?? name;
    schemas[target] = renameRefs(schema, renames) as JsonSchema;
  }
  return renames;
}

function renameRefs(value: unknown, renames: Map<string, string>): unknown {
  if (renames.size === 0) return value;
  return JSON.parse(
    JSON.stringify(value).replace(/"#\/components\/schemas\/([^"]+)"/g, (m, name: string) => {
      const to = renames.get(name);
      return to ? `"#/components/schemas/${to}"` : m;
    }),
  );
}

const sortResponses = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
