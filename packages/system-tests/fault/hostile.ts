/**
 * Hostile text and live-push (SSE) helpers for the fuzz suite: strings people can type (or other
 * services can pass on) that break naive templates, headers, storage and logs, and streams opened
 * through the gateway.
 */
import { randomBytes } from "node:crypto";
import amqp from "amqplib";
import fc from "fast-check";
import { AMQP_URL, waitFor } from "@preprint/test-support";
import type { CapturedMail, RunningSystem } from "../src";

/** Pieces that meant something to the old template renderer, to mail headers, HTML, bidi display, UTF-8 or PostgreSQL. */
const PIECES = [
  "}}",
  "{{",
  "{{ customerName }}",
  "{{reservationLink}}",
  "{ {",
  "$&",
  "$1",
  "\r\nBcc: fuzz-victim@example.com\r\n",
  "\n.\n",
  "\r",
  "\u2028",
  "\u2029",
  "\u0085",
  "\t",
  "\u000b",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "&amp;",
  "\"'`",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u2069",
  "\u200F",
  "\u200B",
  "\uFEFF",
  "😀",
  "👩‍👩‍👧‍👦",
  "🇰🇷",
  "\uD800",
  "\uDFFF",
  "\u0000",
  "\u0007",
  "\u007F",
  "김민지",
  "مرحبا",
  "%s%n",
  "${x}",
  "\\u0000",
];

/** Mostly hostile pieces, some arbitrary code units (lone surrogates included), some very long runs. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.constantFrom(...PIECES), weight: 6 },
        { arbitrary: fc.string({ unit: "binary", maxLength: 8 }), weight: 2 },
        {
          arbitrary: fc
            .tuple(fc.constantFrom("가", "{", "}", "\n", "😀"), fc.integer({ min: 100, max: 5_000 }))
            .map(([c, n]) => c.repeat(n)),
          weight: 1,
        },
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => `x${parts.join("")}`);

/** Events straight onto the system's exchange, as a producing service would publish them. */
export async function publishRaw(sys: RunningSystem, events: { id: string; type: string; version: number }[]): Promise<void> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    for (const e of events) {
      ch.publish(sys.names.exchange, e.type, Buffer.from(JSON.stringify(e)), {
        persistent: true,
        messageId: e.id,
        type: e.type,
        contentType: "application/json",
        headers: { "x-event-type": e.type, "x-event-version": e.version },
      });
    }
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}

/** A query value, half surrogate pairs sent as U+FFFD (a URL carries UTF-8 only). */
export const encodeQuery = (s: string) =>
  encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

export const newEmail = () => `fz.${randomBytes(6).toString("hex")}@preprint.test`;

/** The one mail to `email` whose subject matches, once it arrived. */
export function mailTo(sys: RunningSystem, email: string, subject: RegExp, timeoutMs = 20_000): Promise<CapturedMail> {
  return waitFor(() => sys.mail.to(email).find((m) => subject.test(m.subject)), {
    timeoutMs,
    description: `mail to ${email} matching ${subject}`,
  });
}

/** What a mail built from hostile values must still be: one recipient, one subject line, no smuggled header, no live markup. */
export function expectSafeMail(m: CapturedMail, email: string): void {
  expect(m.to).toEqual([email]);
  expect(m.subject).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(m.parsed.headers.has("bcc")).toBe(false);
  expect(m.html).not.toMatch(/<script|<img src=x/);
}

/** Every line a process wrote is one JSON log record: no value broke a line or forged one. */
export function expectJsonLines(output: string, app: string): void {
  const lines = output.split("\n");
  // the harness keeps the tail of a long output: its first line may be cut
  if (output.length >= 100_000) lines.shift();
  const bad = lines.filter((line) => {
    if (line.trim() === "") return false;
    try {
      return typeof JSON.parse(line) !== "object";
    } catch {
      return true;
    }
  });
  expect({ app, notJson: bad.slice(0, 3).map((l) => l.slice(0, 200)) }).toEqual({ app, notJson: [] });
}

/** `preprint_notification_streams` of one notification process. */
export async function openStreams(notificationUrl: string): Promise<number> {
  const text = await (await fetch(`${notificationUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("preprint_notification_streams"));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : Number.NaN;
}
