import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import type { ProblemCode } from "@preprint/contracts";

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type services throw for anything a client should see. `code` is stable and
 * machine-readable (clients branch on it), one of the catalogue in @preprint/contracts
 * (`problemCatalog`): a new code is added there first; `detail` is a sentence for humans.
 */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
  }
}

export const badRequest = (code: ProblemCode, detail: string, extra?: Record<string, unknown>) => new AppError(400, code, detail, extra);
export const unauthorized = (detail = "Sign in to continue.", code: ProblemCode = "UNAUTHENTICATED") => new AppError(401, code, detail);
export const forbidden = (detail = "You are not allowed to do this.", code: ProblemCode = "FORBIDDEN") => new AppError(403, code, detail);
export const notFound = (what = "Resource", code: ProblemCode = "NOT_FOUND") => new AppError(404, code, `${what} was not found.`);
export const conflict = (code: ProblemCode, detail: string, extra?: Record<string, unknown>) => new AppError(409, code, detail, extra);

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [key: string]: unknown;
}

export function problemBody(status: number, code: ProblemCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  // extra fields first: a field named like a standard member (e.g. `status`) must not replace it
  return {
    ...extra,
    type: `https://preprint.kr/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
  };
}

/** Parses `value` with `schema` or throws 400 VALIDATION_FAILED listing every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: ProblemCode = "VALIDATION_FAILED"): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(result.error, code);
}

export function validationError(error: z.ZodError, code: ProblemCode = "VALIDATION_FAILED"): AppError {
  const errors: FieldError[] = error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
  const first = errors[0];
  return badRequest(code, `The request is invalid${first ? `: ${first.path}: ${first.message}` : "."}`, { errors });
}

/** Maps whatever was thrown to problem+json; unknown errors become 500 without leaking internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof AppError) return problemBody(err.status, err.code, err.detail, err.extra);
  if (err instanceof z.ZodError) {
    const e = validationError(err);
    return problemBody(e.status, e.code, e.detail, e.extra);
  }
  // body-parser errors carry `type` and `status`
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e && typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    if (e.type === "entity.too.large") return problemBody(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
    if (e.type === "entity.parse.failed") return problemBody(400, "MALFORMED_JSON", "The request body is not valid JSON.");
    if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
      return problemBody(415, "UNSUPPORTED_ENCODING", "The request body encoding is not supported.");
    }
    return problemBody(e.status, "BAD_REQUEST", e.expose && e.message ? e.message : "The request could not be read.");
  }
  return problemBody(500, "INTERNAL", "Something went wrong on our side. Please try again.");
}

export function sendProblem(res: import("express").Response, problem: Problem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, problemBody(404, "ROUTE_NOT_FOUND", `No route for ${req.method} ${req.path}.`));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err);
  if (problem.status >= 500) req.log?.error({ err }, "request failed");
  else req.log?.debug({ code: problem.code }, "request rejected");
  sendProblem(res, problem);
};
