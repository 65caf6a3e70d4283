import type { z } from "zod";
import { SchemaCollector, type JsonSchema } from "./json-schema";
import { declareOperation, type Operation, type OperationSpec } from "./operation";
import { PROBLEM_SCHEMA, problemResponse } from "./problem";

export interface ApiInfo {
  /** the service that serves these operations, e.g. "reservation" (becomes `x-service`) */
  service: string;
  title: string;
  version: string;
  description?: string;
}

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Record<string, JsonSchema> };
  tags?: Array<{ name: string }>;
  [extension: `x-${string}`]: unknown;
  servers?: unknown[];
};

export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from /api/auth/login, /signup or /refresh" },
  deviceToken: {
    type: "http",
    scheme: "bearer",
    description: "A store device's token (`ppd_…`), shown once when the device is registered in the back office",
  },
  serviceToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A service token (service-to-service calls only; never routed by the gateway)",
  },
};

/**
 * The operations one service serves, declared next to their routes, and the OpenAPI 3.1 document
 * built from them. Declare every route through `operation(...)`; serve the document with
 * `openApiRouter(api)`.
 */
export class ApiDeclaration {
  private readonly ops: Operation[] = [];

  constructor(readonly info: ApiInfo) {}

  operation<
    R extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
  >(spec: OperationSpec<R, B, Q, P>): Operation<R, B, Q, P> {
    const op = declareOperation(spec);
    const clash = this.ops.find((o) => (o.method === op.method && o.path === op.path) || o.operationId === op.operationId);
    if (clash) throw new Error(`${op.method.toUpperCase()} ${op.path} is declared twice (or its operationId ${op.operationId} is taken)`);
    this.ops.push(op as Operation);
    return op;
  }

  get operations(): readonly Operation[] {
    return this.ops;
  }

  document(): OpenApiDocument {
    return buildDocument(this.info, this.ops);
  }
}

export const createApi = (info: ApiInfo): ApiDeclaration => new ApiDeclaration(info);

export function buildDocument(info: ApiInfo, operations: readonly Operation[]): OpenApiDocument {
  const schemas = new SchemaCollector();
  const paths: OpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  for (const op of operations) {
    (paths[op.path] ??= {})[op.method] = describeOperation(op, schemas);
    tags.add(op.tag);
  }
  return {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    "x-service": info.service,
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: { schemas: { ...schemas.components, Problem: PROBLEM_SCHEMA }, securitySchemes: SECURITY_SCHEMES },
  };
}

function describeOperation(op: Operation, schemas: SchemaCollector): JsonSchema {
  const parameters: JsonSchema[] = [];
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (op.params) {
    // declareOperation checked that the schema names exactly the path's parameters
    parameters.push(...objectParameters(schemas.convert(op.params, "input"), "path").map((p) => ({ ...p, required: true })));
  } else {
    for (const name of pathNames) parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
  }
  if (op.query) parameters.push(...objectParameters(schemas.convert(op.query, "input"), "query"));
  if (op.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", maxLength: 255 },
      description: "Retrying with the same key returns the first result",
    });
  }

  const ok = op.response;
  const responses: Record<string, JsonSchema> = {};
  if (ok.status === 204 || (ok.schema === undefined && ok.contentType === undefined)) {
    responses[String(ok.status)] = { description: ok.description };
  } else {
    const schema = ok.schema ? schemas.convert(ok.schema, "output") : { type: "string" };
    responses[String(ok.status)] = { description: ok.description, content: { [ok.contentType ?? "application/json"]: { schema } } };
  }
  for (const [status, other] of Object.entries(op.otherResponses ?? {})) {
    responses[status] = other.schema
      ? { description: other.description, content: { "application/json": { schema: schemas.convert(other.schema, "output") } } }
      : { description: other.description };
  }
  const errors = new Set(op.errors ?? []);
  if (op.body || op.query || op.params || op.upload) errors.add(400);
  if (op.security !== "none") errors.add(401);
  if (op.security === "staff" || op.security === "service" || op.security === "device") errors.add(403);
  for (const status of [...errors].sort((a, b) => a - b)) {
    if (!(String(status) in responses)) responses[String(status)] = problemResponse(status);
  }

  const operation: JsonSchema = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    responses,
    security:
      op.security === "none"
        ? []
        : op.security === "service"
          ? [{ serviceToken: [] }]
          : op.security === "device"
            ? [{ deviceToken: [] }]
            : [{ bearer: [] }],
    ...(op.security === "staff" ? { "x-required-role": "staff" } : {}),
    ...(op.security === "service" ? { "x-internal": true } : {}),
    ...(op.codes?.length ? { "x-problem-codes": [...op.codes] } : {}),
  };
  if (op.upload) {
    operation.requestBody = {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: { [op.upload.field]: { type: "string", contentMediaType: op.upload.contentType } },
            required: [op.upload.field],
          },
        },
      },
    };
  } else if (op.body) {
    operation.requestBody = { required: true, content: { "application/json": { schema: schemas.convert(op.body, "input") } } };
  }
  return operation;
}

function objectParameters(schema: JsonSchema, where: "path" | "query"): Array<JsonSchema & { name: string }> {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: required.has(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}
