import { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call an operation. `none`: anyone; `user`: a signed-in user's bearer token; `staff`: a
 * staff user's token; `service`: another service's token (internal routes, never public); `device`:
 * a store device's bearer token (a kiosk or print agent, `ppd_…`; no JWT).
 */
export type Security = "none" | "user" | "staff" | "service" | "device";

/** Any zod object schema: path parameters, query and JSON bodies are objects. */
export type ObjectSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface SuccessResponse<S extends z.ZodType | undefined = z.ZodType | undefined> {
  status: number;
  description: string;
  /** the JSON body; omitted for 204 and for non-JSON answers (files, event streams) */
  schema?: S;
  /** default application/json; e.g. application/pdf, text/event-stream (then `schema` is omitted) */
  contentType?: string;
}

export interface OperationSpec<
  R extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** OpenAPI style: `/api/stores/{storeId}` (see `expressPath` for the router's spelling) */
  path: string;
  summary: string;
  tag: string;
  security: Security;
  /** stable id for generated clients; derived from method and path when omitted */
  operationId?: string;
  description?: string;
  /** JSON request body */
  body?: B;
  /** a multipart upload of one file field instead of a JSON body */
  upload?: { field: string; contentType: string };
  query?: Q;
  /** path parameters; every `{name}` in the path is a required string when omitted */
  params?: P;
  response: SuccessResponse<R>;
  /** other answers that are not problems, e.g. a 503 with the same health body */
  otherResponses?: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  /** error statuses the operation itself answers (401/403 from `security` and 400 from declared inputs are added) */
  errors?: readonly number[];
  /** problem `code`s the operation may answer with (documented as `x-problem-codes`) */
  codes?: readonly string[];
  /** accepts an `Idempotency-Key` header (retrying with the same key replays the first answer) */
  idempotent?: boolean;
}

/** A declared operation: the spec plus the router path. Created by `ApiDeclaration.operation`. */
export interface Operation<
  R extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
> extends OperationSpec<R, B, Q, P> {
  /** express spelling of `path`: `/api/stores/:storeId` */
  readonly expressPath: string;
  readonly operationId: string;
}

/** `/api/stores/{storeId}` → `/api/stores/:storeId` */
export const toExpressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");

/** The operation ids the public document has always used: `get` + `/stores/{storeId}/slots` → `getStoresByStoreIdSlots`. */
export function defaultOperationId(method: HttpMethod, path: string): string {
  const tail = path
    .replace(/^\/api/, "")
    .replace(/\{(\w+)\}/g, "By_$1")
    .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""));
  return `${method}${tail}`;
}

export function declareOperation<
  R extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(spec: OperationSpec<R, B, Q, P>): Operation<R, B, Q, P> {
  if (!spec.path.startsWith("/")) throw new Error(`operation path must start with "/": ${spec.path}`);
  if (spec.response.schema !== undefined && spec.response.contentType !== undefined && spec.response.contentType !== "application/json") {
    throw new Error(
      `${spec.method.toUpperCase()} ${spec.path}: a response schema describes JSON; drop it for ${spec.response.contentType}`,
    );
  }
  if (spec.params instanceof z.ZodObject) {
    const inPath = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const declared = Object.keys(spec.params.shape);
    const odd = [...inPath.filter((n) => !declared.includes(n)), ...declared.filter((n) => !inPath.includes(n))];
    if (odd.length) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: params schema does not match the path (${odd.join(", ")})`);
  }
  return {
    ...spec,
    expressPath: toExpressPath(spec.path),
    operationId: spec.operationId ?? defaultOperationId(spec.method, spec.path),
  };
}
