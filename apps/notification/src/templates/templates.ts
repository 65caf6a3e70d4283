import fs from "node:fs";
import path from "node:path";
import type { NotifiableType } from "../domain/messages";
import { renderTemplate, TemplateError } from "../domain/template";

export interface RenderedMessage {
  /** in-app title and e-mail subject */
  subject: string;
  /** short in-app body */
  inApp: string;
  email?: { text: string; html: string };
}

interface TemplateSet {
  subject: string;
  inApp: string;
  emailText?: string;
  emailHtml?: string;
}

/**
 * Reads `<dir>/<event type>/{subject.txt, inapp.txt, email.txt, email.html}`. Files are read once
 * at start-up (a template edit needs a restart), so a missing file stops the process early.
 */
export class Templates {
  private readonly sets = new Map<string, TemplateSet>();

  constructor(readonly dir: string) {}

  static load(dir: string, types: readonly NotifiableType[], needsEmail: (t: NotifiableType) => boolean): Templates {
    const t = new Templates(dir);
    for (const type of types) {
      const read = (file: string, required: boolean) => {
        const p = path.join(dir, type, file);
        if (!fs.existsSync(p)) {
          if (required) throw new TemplateError(`missing template ${p}`);
          return undefined;
        }
        // trailing newline of the file is not part of a subject line
        return fs.readFileSync(p, "utf8");
      };
      const email = needsEmail(type);
      t.sets.set(type, {
        subject: read("subject.txt", true)!.trim(),
        inApp: read("inapp.txt", true)!.trim(),
        emailText: read("email.txt", email),
        emailHtml: read("email.html", email),
      });
    }
    return t;
  }

  render(type: NotifiableType, values: Record<string, string>, withEmail: boolean): RenderedMessage {
    const set = this.sets.get(type);
    if (!set) throw new TemplateError(`no templates loaded for ${type}`);
    const name = (f: string) => `${type}/${f}`;
    const subject = renderTemplate(set.subject, values, { html: false, name: name("subject.txt") }).replace(/\s*\n\s*/g, " ");
    const inApp = renderTemplate(set.inApp, values, { html: false, name: name("inapp.txt") });
    if (!withEmail) return { subject, inApp };
    if (set.emailText === undefined || set.emailHtml === undefined) throw new TemplateError(`${type}: no e-mail templates`);
    return {
      subject,
      inApp,
      email: {
        text: renderTemplate(set.emailText, values, { html: false, name: name("email.txt") }),
        html: renderTemplate(set.emailHtml, values, { html: true, name: name("email.html") }),
      },
    };
  }
}
