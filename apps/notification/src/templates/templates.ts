import fs from "node:fs";
import path from "node:path";
import type { NotifiableType } from "../domain/messages";
import { parseTemplate, renderTemplate, TemplateError, type Template, type TemplateKind } from "../domain/template";

export interface RenderedMessage {
  /** in-app title and e-mail subject */
  subject: string;
  /** short in-app body */
  inApp: string;
  email?: { text: string; html: string };
}

interface TemplateSet {
  subject: Template;
  inApp: Template;
  emailText?: Template;
  emailHtml?: Template;
}

/**
 * Reads and parses `<dir>/<event type>/{subject.txt, inapp.txt, email.txt, email.html}` once at
 * start-up (a template edit needs a restart), so a missing or malformed file stops the process
 * early instead of failing customers' events.
 */
export class Templates {
  private readonly sets = new Map<string, TemplateSet>();

  constructor(readonly dir: string) {}

  static load(dir: string, types: readonly NotifiableType[], needsEmail: (t: NotifiableType) => boolean): Templates {
    const t = new Templates(dir);
    for (const type of types) {
      const read = (file: string, kind: TemplateKind, required: boolean) => {
        const p = path.join(dir, type, file);
        if (!fs.existsSync(p)) {
          if (required) throw new TemplateError(`missing template ${p}`);
          return undefined;
        }
        const source = fs.readFileSync(p, "utf8");
        // the file's trailing newline is not part of a subject or an in-app line
        return parseTemplate(file.startsWith("email.") ? source : source.trim(), { name: `${type}/${file}`, kind });
      };
      const email = needsEmail(type);
      t.sets.set(type, {
        subject: read("subject.txt", "line", true)!,
        inApp: read("inapp.txt", "text", true)!,
        emailText: read("email.txt", "text", email),
        emailHtml: read("email.html", "html", email),
      });
    }
    return t;
  }

  render(type: NotifiableType, values: Record<string, string>, withEmail: boolean): RenderedMessage {
    const set = this.sets.get(type);
    if (!set) throw new TemplateError(`no templates loaded for ${type}`);
    const subject = renderTemplate(set.subject, values);
    const inApp = renderTemplate(set.inApp, values);
    if (!withEmail) return { subject, inApp };
    if (set.emailText === undefined || set.emailHtml === undefined) throw new TemplateError(`${type}: no e-mail templates`);
    return {
      subject,
      inApp,
      email: {
        text: renderTemplate(set.emailText, values),
        html: renderTemplate(set.emailHtml, values),
      },
    };
  }
}
