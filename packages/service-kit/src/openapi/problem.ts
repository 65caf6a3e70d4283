import type { JsonSchema } from "./json-schema";

/** The problem+json body every error answers with (errors.ts `problemBody`), as a component. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details with a stable machine `code`",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", description: "stable, SCREAMING_SNAKE (SLOT_FULL, RESERVATION_EXPIRED, AMOUNT_MISMATCH, VALIDATION_FAILED …)" },
    errors: {
      type: "array",
      description: "VALIDATION_FAILED: one entry per bad field",
      items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } }, required: ["path", "message"] },
    },
  },
  required: ["type", "title", "status", "detail", "code"],
  examples: [
    { type: "https://preprint.kr/problems/slot-full", title: "Conflict", status: 409, detail: "The slot is full.", code: "SLOT_FULL" },
  ],
};

export const PROBLEM_REF = { $ref: "#/components/schemas/Problem" } as const;

export const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request (VALIDATION_FAILED and others)",
  401: "Not signed in, or the token is invalid/expired",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict with the current state (e.g. SLOT_FULL)",
  410: "Gone",
  413: "Body too large",
  415: "Unsupported media type",
  422: "Unprocessable",
  429: "Rate limited or sign-in locked (see Retry-After)",
  500: "Something went wrong on our side",
  502: "A service is unavailable",
  503: "Not ready, or a capacity budget is spent (see Retry-After)",
  504: "A service did not answer in time",
};

export const problemResponse = (status: number): JsonSchema => ({
  description: STATUS_TEXT[status] ?? "Error",
  content: { "application/problem+json": { schema: PROBLEM_REF } },
});
