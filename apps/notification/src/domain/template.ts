// A deliberately tiny template language a non-developer can edit: `{{ name }}` is replaced by the
// value; in HTML templates the value is HTML-escaped. There are no loops, conditions or raw
// output, so a template can't run code or inject markup. An unknown name is an error (caught by
// the template tests), never a silent blank in a customer's e-mail.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export class TemplateError extends Error {
  override readonly name = "TemplateError";
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Names used by a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function renderTemplate(template: string, values: Record<string, string>, opts: { html: boolean; name: string }): string {
  const out = template.replace(PLACEHOLDER, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new TemplateError(`${opts.name}: unknown placeholder {{${key}}}`);
    return opts.html ? escapeHtml(v) : v;
  });
  if (out.includes("{{") || out.includes("}}")) {
    throw new TemplateError(`${opts.name}: malformed placeholder (use {{ name }} with letters, digits and _)`);
  }
  return out;
}
