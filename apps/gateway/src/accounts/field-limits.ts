import type { z } from "zod";
import type { ProblemCode } from "@preprint/contracts";
import { AppError, validationError } from "@preprint/service-kit";

/**
 * The PG (Smartro) refuses a payment whose buyer name or e-mail is longer than these, so they are
 * refused where a person enters them, with a code of their own the web app shows in Korean.
 */
export const NAME_MAX_CHARS = 30;
export const EMAIL_MAX_CHARS = 60;

const TOO_LONG: Record<string, { code: ProblemCode; max: number; label: string }> = {
  name: { code: "NAME_TOO_LONG", max: NAME_MAX_CHARS, label: "name" },
  email: { code: "EMAIL_TOO_LONG", max: EMAIL_MAX_CHARS, label: "e-mail address" },
};

/** A validation failure as problem+json: a too-long name or e-mail gets its own stable code. */
export function accountInputError(error: z.ZodError): AppError {
  for (const issue of error.issues) {
    const limit = TOO_LONG[String(issue.path[0])];
    if (limit && issue.code === "too_big") {
      return new AppError(400, limit.code, `The ${limit.label} can be at most ${limit.max} characters.`, {
        field: String(issue.path[0]),
        maxLength: limit.max,
      });
    }
  }
  return validationError(error);
}
