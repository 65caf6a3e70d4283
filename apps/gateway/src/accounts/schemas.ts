import { z } from "zod";
import { accountInputError, EMAIL_MAX_CHARS, NAME_MAX_CHARS } from "./field-limits";

/** Request and response schemas of the gateway's own endpoints; the OpenAPI document is built from them. */

const emailOf = (max: number) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(max)
    .pipe(z.email({ message: "Enter a valid e-mail address." }))
    .meta({ example: "customer@example.com" });

// signing in accepts any address an account may already have; a new one must fit the PG's limit
const email = emailOf(254);
const newEmail = emailOf(EMAIL_MAX_CHARS);

export const signupBody = z
  .object({
    email: newEmail,
    // NIST 800-63B: length over composition rules; the upper bound keeps scrypt input bounded
    password: z.string().min(8, { message: "Use at least 8 characters." }).max(128),
    // control characters are never part of a name (and PostgreSQL text cannot hold NUL)
    name: z
      .string()
      .trim()
      .min(1)
      .max(NAME_MAX_CHARS)
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), { message: "Use letters, digits and spaces only, no control characters." })
      .meta({ example: "김민지" }),
    phone: z
      .string()
      .trim()
      .regex(/^01[016789]-?\d{3,4}-?\d{4}$/, { message: "Enter a Korean mobile number, e.g. 010-1234-5678." })
      .transform((v) => v.replace(/-/g, ""))
      .meta({ example: "010-1234-5678" }),
  })
  .strict()
  .meta({ id: "SignupRequest" });

/** The sign-up body, or problem+json: NAME_TOO_LONG / EMAIL_TOO_LONG, else VALIDATION_FAILED. */
export function parseSignup(body: unknown): SignupBody {
  const result = signupBody.safeParse(body);
  if (result.success) return result.data;
  throw accountInputError(result.error);
}

export const loginBody = z
  .object({
    email,
    password: z.string().min(1).max(128),
  })
  .strict()
  .meta({ id: "LoginRequest" });

export const userView = z
  .object({
    id: z.string().meta({ example: "usr_01JD4Z9W7Q3M2N8R5T6V7X8Y9Z" }),
    email: z.string(),
    name: z.string(),
    phone: z.string(),
    role: z.enum(["customer", "staff"]),
    storeId: z.string().nullable().meta({ description: "staff: the store they work for" }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "User" });

export const authResponse = z
  .object({
    user: userView,
    accessToken: z.string().meta({ description: "JWT (HS256), send as `Authorization: Bearer <token>`" }),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().meta({ description: "access token lifetime in seconds" }),
  })
  .meta({ id: "AuthResponse" });

export const meResponse = z.object({ user: userView }).meta({ id: "MeResponse" });

export type SignupBody = z.infer<typeof signupBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type UserView = z.infer<typeof userView>;
