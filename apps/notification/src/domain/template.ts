// A deliberately tiny template language a non-developer can edit: `{{ name }}` is replaced by the
// value. There are no loops, conditions or raw output, so a template can't run code or inject
// markup. A template is parsed once, when it is loaded: a malformed placeholder stops the service
// at start-up. Values are never parsed: braces, markup or line breaks in a customer's name are
// text, made safe for where they land (escaped in HTML, one line in a subject).
// See docs/decisions/0044-notification-templates.md.

import { displayText, oneLine, truncate } from "./text";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/y;

export class TemplateError extends Error {
  override readonly name = "TemplateError";
}

/** Where the rendered text goes: plain text, an HTML body, or one header line (subject, title). */
export type TemplateKind = "text" | "html" | "line";

type Part = { literal: string } | { placeholder: string };

export interface Template {
  readonly name: string;
  readonly kind: TemplateKind;
  readonly parts: readonly Part[];
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function position(source: string, index: number): string {
  const before = source.slice(0, index).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/**
 * Splits a template into literal text and placeholders. Any `{{` that does not open a well-formed
 * placeholder, and any `}}` outside one, is an error naming the line: such a template would
 * otherwise show braces to customers.
 */
export function parseTemplate(source: string, opts: { name: string; kind: TemplateKind }): Template {
  const parts: Part[] = [];
  let literal = "";
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const close = source.indexOf("}}", i);
    if (close >= 0 && (open < 0 || close < open)) {
      throw new TemplateError(`${opts.name}: "}}" without "{{" at ${position(source, close)}`);
    }
    if (open < 0) {
      literal += source.slice(i);
      break;
    }
    literal += source.slice(i, open);
    PLACEHOLDER.lastIndex = open;
    const m = PLACEHOLDER.exec(source);
    if (!m)
      throw new TemplateError(
        `${opts.name}: malformed placeholder at ${position(source, open)} (use {{ name }} with letters, digits and _)`,
      );
    if (literal) parts.push({ literal: opts.kind === "line" ? oneLine(literal) : literal });
    literal = "";
    parts.push({ placeholder: m[1]! });
    i = open + m[0].length;
  }
  if (literal) parts.push({ literal: opts.kind === "line" ? oneLine(literal) : literal });
  return { name: opts.name, kind: opts.kind, parts };
}

/** Names used by a template, in order of first use. */
export function placeholders(template: Template): string[] {
  return [...new Set(template.parts.flatMap((p) => ("placeholder" in p ? [p.placeholder] : [])))];
}

/** longest value shown in a subject line: a mail client shows ~60 characters of it anyway */
const LINE_VALUE_MAX = 100;

function safeValue(value: string, kind: TemplateKind): string {
  const text = displayText(value);
  if (kind === "html") return escapeHtml(text);
  if (kind === "line") return truncate(oneLine(text), LINE_VALUE_MAX);
  return text;
}

/**
 * Fills a parsed template. Values are inserted as text, never read as template syntax. A
 * placeholder without a value is an error (the values offered per event are fixed in code, so
 * the template tests catch it), never a silent blank in a customer's e-mail.
 */
export function renderTemplate(template: Template, values: Readonly<Record<string, string>>): string {
  let out = "";
  for (const part of template.parts) {
    if ("literal" in part) {
      out += part.literal;
      continue;
    }
    const v = Object.hasOwn(values, part.placeholder) ? values[part.placeholder] : undefined;
    if (typeof v !== "string") throw new TemplateError(`${template.name}: unknown placeholder {{${part.placeholder}}}`);
    out += safeValue(v, template.kind);
  }
  // a subject file's own trailing newline and edge spaces are layout, not content
  return template.kind === "line" ? out.trim() : out;
}
