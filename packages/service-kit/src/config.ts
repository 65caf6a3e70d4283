import { z } from "zod";

/** Thrown (or printed, then exit 1) when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Validates the environment against a zod object whose keys are the env variable names.
 * Every bad or missing variable is named in one message, so an operator fixes them in one go.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
  opts: { exitOnError?: boolean; service?: string } = {},
): z.infer<z.ZodObject<S>> {
  const schema = z.object(shape);
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    input[key] = v === "" ? undefined : v; // an empty variable means "not set"
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const key = String(i.path[0] ?? "?");
    const doc = (shape[key] as z.ZodType | undefined)?.description;
    return `  ${key}: ${i.message}${doc ? ` (${doc})` : ""}`;
  });
  const message = `${opts.service ?? "service"}: invalid configuration\n${lines.join("\n")}`;
  if (opts.exitOnError ?? env.NODE_ENV !== "test") {
    process.stderr.write(message + "\n");
    process.exit(1);
  }
  throw new ConfigError(message);
}

/** Reusable env field types; each coerces from the string the environment holds. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(0).max(65535).default(def),
  int: (def?: number) => (def === undefined ? z.coerce.number().int() : z.coerce.number().int().default(def)),
  bool: (def: boolean) =>
    z
      .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
      .default(def ? "true" : "false")
      .transform((v) => v === "true" || v === "1" || v === "yes"),
  url: () => z.url({ message: "expected a URL" }),
  string: () => z.string().min(1),
  secret: (minLength = 16) => z.string().min(minLength, { message: `must be at least ${minLength} characters` }),
  list: (def: string[] = []) =>
    z
      .string()
      .default(def.join(","))
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
};

/** Words and shapes that mark a value as written by hand for an example, never generated. */
const PLACEHOLDER_WORDS =
  /change[-_ ]?me|changeit|placeholder|example|your[-_]|dummy|sample|insert|replace[-_ ]?me|todo|xxxx|sandbox|dev[-_]secret|test[-_]secret|^secret$|^password$/gi;

/** The same words standing alone between separators (`sandbox-api-secret-…`): never by chance. */
const PLACEHOLDER_TOKEN =
  /(?:^|[-_ .:/+=])(?:change[-_ ]?me|changeit|placeholder|example|your|dummy|sample|insert|replace[-_ ]?me|todo|xxxx|sandbox|dev|test|secret|password)(?=$|[-_ .:/+=])/i;

/** Shorter than this, a secret is weak whatever it holds, so a placeholder word alone condemns it. */
const SHORT = 24;

/**
 * Written by a person rather than generated: words (one case, capitalised or run together in
 * camel case) and numbers joined by separators, like `my-todo-secret-2024` or `ExampleSecret`. Generated secrets mix cases and digits inside one run.
 */
function looksHandWritten(raw: string): boolean {
  const parts = raw.split(/[-_ .:/+=]+/).filter(Boolean);
  return parts.length > 0 && parts.every((t) => /^(?:[a-z]+|[A-Z]+|(?:[A-Z]?[a-z]+)+|\d+)$/.test(t));
}

/**
 * A placeholder word in the value counts when the value is short, looks hand-written, has it as a
 * word of its own, or is mostly such words: a long random secret may contain "ToDo" or "xxxx" by chance (a 40-character
 * base64 one in some ten thousand), and refusing it at start-up would be a false alarm.
 */
function placeholderWords(raw: string): boolean {
  const found = raw.match(PLACEHOLDER_WORDS);
  if (!found) return false;
  if (raw.length < SHORT || looksHandWritten(raw) || PLACEHOLDER_TOKEN.test(raw)) return true;
  const covered = found.reduce((n, w) => n + w.length, 0);
  return covered * 2 >= raw.replace(/[-_ .:/+=]/g, "").length;
}

/**
 * A secret written by hand for an example or a developer's machine, never generated: the stages
 * that take real money (test, live) refuse it at start-up.
 */
export function looksLikePlaceholderSecret(value: string): boolean {
  const raw = value.replace(/^whsec_/, "");
  if (placeholderWords(raw)) return true;
  // one character repeated, or a run like 0123456789…
  if (/^(.)\1+$/.test(raw)) return true;
  if (/^(0123456789|abcdefgh|12345678)/i.test(raw)) return true;
  if (value.startsWith("whsec_")) {
    const bytes = Buffer.from(raw, "base64");
    if (bytes.length > 0 && bytes.every((b) => b === bytes[0])) return true;
  }
  return false;
}
