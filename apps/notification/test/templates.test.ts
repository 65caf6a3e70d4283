import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatSlot, formatWon } from "../src/domain/format";
import { LEGALLY_REQUIRED, NOTIFIABLE_TYPES, notificationFor } from "../src/domain/messages";
import { parseTemplate, placeholders, renderTemplate, TemplateError } from "../src/domain/template";
import { Templates } from "../src/templates/templates";
import { customer, events, SLOT, SLOT_TEXT } from "./helpers";

const TEMPLATES_DIR = path.resolve(__dirname, "../templates");
const templates = Templates.load(TEMPLATES_DIR, NOTIFIABLE_TYPES, (t) => t !== "refund.failed");
const c = { ...customer("usr_tpl"), name: "<b>김&민지</b>" };

const sample = {
  "reservation.confirmed": events.confirmed(c, "rsv_1"),
  "reservation.ready": events.ready(c, "rsv_1"),
  "reservation.expired": events.expired(c, "rsv_1"),
  "reservation.picked-up": events.pickedUp(c, "rsv_1"),
  "payment.failed": events.paymentFailed(c, "rsv_1"),
  "refund.completed": events.refundCompleted(c, "rsv_1"),
  "refund.failed": events.refundFailed("rsv_1"),
};

describe("message templates", () => {
  it.each(NOTIFIABLE_TYPES)("when %s is rendered with its event, then every file renders with no placeholder left", (type) => {
    const spec = notificationFor(sample[type] as Parameters<typeof notificationFor>[0], "https://preprint.test");
    const msg = templates.render(spec.type, spec.values, spec.email !== "none");
    expect(msg.subject).not.toMatch(/\{\{|\}\}|\n/);
    expect(msg.subject.length).toBeGreaterThan(5);
    expect(msg.inApp).not.toMatch(/\{\{|\}\}/);
    if (spec.email === "none") {
      expect(msg.email).toBeUndefined();
      return;
    }
    expect(msg.email!.text).not.toMatch(/\{\{|\}\}/);
    expect(msg.email!.html).not.toMatch(/\{\{|\}\}/);
    expect(msg.email!.text).toContain("프리프린트 강남점");
    expect(msg.email!.html).toContain("프리프린트 강남점");
    // values are escaped in HTML, verbatim in plain text
    expect(msg.email!.html).toContain("&lt;b&gt;김&amp;민지&lt;/b&gt;");
    expect(msg.email!.html).not.toContain("<b>김");
    expect(msg.email!.text).toContain("<b>김&민지</b>");
  });

  it("when reservation.confirmed is rendered, then it shows the slot in Seoul time, the amount in won and the pickup code", () => {
    const spec = notificationFor(sample["reservation.confirmed"], "https://preprint.test");
    const msg = templates.render(spec.type, spec.values, true);
    expect(msg.subject).toBe("[프리프린트] 프리프린트 강남점 예약이 확정되었습니다");
    expect(msg.email!.text).toContain(`픽업 시간: ${SLOT_TEXT}`);
    expect(msg.email!.text).toContain("결제 금액: ₩12,300");
    expect(msg.email!.text).toContain("픽업 코드: 048213");
    expect(msg.email!.text).toContain("https://preprint.test/reservations/rsv_1");
  });

  it("when a template names an unknown placeholder, then rendering fails naming it", () => {
    const t = parseTemplate("안녕하세요 {{ customerNmae }}님", { name: "x/email.txt", kind: "text" });
    expect(() => renderTemplate(t, { customerName: "김" })).toThrow(new TemplateError("x/email.txt: unknown placeholder {{customerNmae}}"));
    // an inherited property is not a value
    expect(() => renderTemplate(parseTemplate("{{ constructor }}", { name: "p", kind: "text" }), {})).toThrow(/unknown placeholder/);
    expect(placeholders(parseTemplate("{{a}} {{ b }} {{a}}", { name: "n", kind: "text" }))).toEqual(["a", "b"]);
  });

  it.each([
    ["{{ 이름 }}", "line 1, column 1"],
    ["안녕\n{{ name }", "line 2, column 1"],
    ["{ name }} 님", "line 1, column 8"],
    ["{{name}} {{", "line 1, column 10"],
  ])("when a template is malformed (%j), then parsing it fails naming where", (source, where) => {
    expect(() => parseTemplate(source, { name: "t/inapp.txt", kind: "text" })).toThrow(new RegExp(`t/inapp.txt: .*${where}`));
  });

  it("when a template folder holds a malformed template, then loading fails (the service does not start), naming the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ntf-tpl-"));
    try {
      fs.cpSync(TEMPLATES_DIR, dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "reservation.ready", "email.html"), "<p>{{ customerName }</p>");
      expect(() => Templates.load(dir, NOTIFIABLE_TYPES, (t) => t !== "refund.failed")).toThrow(
        /reservation\.ready\/email\.html: malformed placeholder at line 1/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const HOSTILE_NAMES = [
    "}}",
    "{{ customerName }}",
    "{{reservationLink}}{{",
    "김}}민{{지",
    "a\r\nBcc: victim@example.com\r\n\r\n<script>x</script>",
    "<img src=x onerror=alert(1)>&amp;\"'",
    "\u202Egnp.exe\u2066\u2069 \u200F",
    "😀👩‍👩‍👧‍👦 \u{1F1F0}\u{1F1F7}",
    "\uD800 lone \uDC00 halves \u0000 nul \u0007 bell",
    "\u2028line\u2029sep\u0085nel\vvt\ftab\t",
    "가".repeat(5000),
  ];

  const label = (s: string) =>
    JSON.stringify(s)
      .replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
      .slice(0, 70);

  it.each(HOSTILE_NAMES.map((n) => [label(n), n]))(
    "when the customer's and the store's name are %s, then every template renders: braces as text, HTML escaped, a one-line subject",
    (_label, name) => {
      const hostile = { ...customer("usr_hostile"), name };
      for (const type of NOTIFIABLE_TYPES) {
        const data = sample[type].data as { store: object };
        const event = { ...sample[type], data: { ...data, customer: hostile, store: { ...data.store, name } } };
        const spec = notificationFor(event as Parameters<typeof notificationFor>[0], "https://preprint.test");
        const msg = templates.render(spec.type, spec.values, spec.email !== "none");
        // a subject is one header line of printable text
        // eslint-disable-next-line no-control-regex -- control characters are what must not be there
        expect(msg.subject).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(msg.subject.length).toBeLessThan(300);
        expect(msg.subject.length).toBeGreaterThan(5);
        for (const text of [msg.subject, msg.inApp, msg.email?.text ?? "", msg.email?.html ?? ""]) {
          expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          expect(text).not.toContain("\u0000");
        }
        if (!msg.email) continue;
        const html = msg.email.html;
        expect(html).not.toMatch(/<script|<img/);
        // braces in a value are shown as typed, never expanded into another value
        if (name.includes("{{")) expect(msg.email.text).toContain(name);
      }
    },
  );

  it("when a reservation id carries URL syntax, then the links built from it keep it inside one path segment", () => {
    const odd = "../../admin?x=1#y";
    const customerSpec = notificationFor(events.ready(c, odd), "https://preprint.test");
    expect(customerSpec.data.link).toBe(`/reservations/${encodeURIComponent(odd)}`);
    expect(customerSpec.values.reservationLink).toBe(`https://preprint.test/reservations/${encodeURIComponent(odd)}`);
    expect(notificationFor(events.refundFailed(odd), "https://preprint.test").data.link).toBe(
      `/staff/reservations/${encodeURIComponent(odd)}`,
    );
    // encodeURIComponent throws on half a surrogate pair: the event would fail on every retry
    expect(notificationFor(events.confirmed(c, "rsv_\uD800"), "https://preprint.test").data.link).toBe("/reservations/rsv_%EF%BF%BD");
  });

  it("when amounts and times are formatted, then they use ₩ with separators and the store's time zone", () => {
    expect(formatWon(1_234_500)).toBe("₩1,234,500");
    expect(formatWon(0)).toBe("₩0");
    expect(() => formatWon(10.5)).toThrow();
    expect(formatSlot(SLOT, "Asia/Seoul")).toBe(SLOT_TEXT);
    expect(formatSlot(SLOT, "UTC")).toBe("2026년 12월 1일 화 05:00 ~ 05:30");
    // a time zone Intl does not know is shown in Seoul time instead of failing the event
    expect(formatSlot(SLOT, "Mars/Olympus_Mons}}")).toBe(SLOT_TEXT);
  });

  it("when the policy is read, then payment and refund e-mails are the legally required ones", () => {
    expect([...LEGALLY_REQUIRED].sort()).toEqual(["payment.failed", "refund.completed", "reservation.confirmed"]);
  });
});
