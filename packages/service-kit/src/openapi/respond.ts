import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { validationError } from "../errors";
import type { Operation } from "./operation";

type AnyOp = Operation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
type Parsed<S> = [S] extends [z.ZodType] ? z.output<S> : undefined;
/** What a handler hands over for the declared response: the schema's input (it is parsed on the way out). */
export type ReplyOf<O> = O extends Operation<infer R, infer _B, infer _Q, infer _P> ? ([R] extends [z.ZodType] ? z.input<R> : void) : never;
export interface OperationInput<O> {
  params: O extends Operation<infer _R, infer _B, infer _Q, infer P>
    ? [P] extends [z.ZodType]
      ? z.output<P>
      : Record<string, string>
    : never;
  query: O extends Operation<infer _R, infer _B, infer Q, infer _P> ? Parsed<Q> : never;
  body: O extends Operation<infer _R, infer B, infer _Q, infer _P> ? Parsed<B> : never;
}

/**
 * The sent body did not match the operation's declared response schema: a defect on our side
 * (500), never the client's — so it is not a ZodError, which the error handler would answer as 400.
 */
export class ResponseContractError extends Error {
  override readonly name = "ResponseContractError";
  constructor(
    readonly operationId: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    // paths and messages only: the values may be personal data
    super(
      `${operationId}: the response does not match its declared schema (${issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ")})`,
    );
  }
}

/**
 * Answers `op` with `value` shaped by the declared response schema: the value is parsed (unknown
 * keys stripped, transforms applied), so what is sent is exactly what the document says. An
 * operation without a response schema answers its status with no body.
 */
export function send<O extends AnyOp>(res: Response, op: O, ...value: ReplyOf<O> extends void ? [] : [ReplyOf<O>]): void {
  const { status, schema } = op.response;
  if (schema === undefined) {
    res.status(status).end();
    return;
  }
  const parsed = schema.safeParse(value[0]);
  if (!parsed.success) {
    throw new ResponseContractError(
      op.operationId,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  res.status(status).json(parsed.data);
}

/**
 * The route's handler: parses path parameters, query and body with the declared schemas (400
 * VALIDATION_FAILED listing every bad field), calls `fn`, and answers with what it returns through
 * `send`. A handler that answers by itself (a file, a stream) leaves nothing to send.
 */
export function handleOperation<O extends AnyOp>(
  op: O,
  fn: (input: OperationInput<O>, req: Request, res: Response) => Promise<ReplyOf<O>> | ReplyOf<O>,
): RequestHandler {
  return async (req, res) => {
    // every part is checked before answering, so one 400 lists every bad field
    const issues: z.core.$ZodIssue[] = [];
    const parse = (schema: z.ZodType | undefined, value: unknown, otherwise: unknown) => {
      if (schema === undefined) return otherwise;
      const r = schema.safeParse(value);
      if (r.success) return r.data;
      issues.push(...r.error.issues);
      return undefined;
    };
    const input = {
      params: parse(op.params, req.params, req.params),
      query: parse(op.query, req.query, undefined),
      body: parse(op.body, req.body, undefined),
    } as OperationInput<O>;
    if (issues.length) throw validationError(new z.ZodError(issues));
    const value = await fn(input, req, res);
    if (res.headersSent) return;
    (send as (res: Response, op: AnyOp, ...v: unknown[]) => void)(res, op, ...(op.response.schema ? [value] : []));
  };
}

/**
 * Mounts `handlers` for `op` on `router` at the declared method and path, so a route cannot be
 * served under a path the document does not list.
 */
export function mountOperation(router: Router, op: AnyOp, ...handlers: RequestHandler[]): void {
  router[op.method](op.expressPath, ...handlers);
}
