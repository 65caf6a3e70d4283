import { waitFor } from "@preprint/test-support";
import type { NotificationService } from "../src/service";
import { createHarness, customer, customerToken, events, openSse, SLOT_TEXT, STORE, TestSmtp, type Harness } from "./helpers";

// Names and store names are whatever people typed. Whatever they typed, the legally required
// e-mails must still go out (event in → mail out over real SMTP), as text: never template syntax,
// never markup, never an extra header.

let h: Harness;
let smtp: TestSmtp;
let svc: NotificationService;

beforeAll(async () => {
  smtp = new TestSmtp();
  h = await createHarness({ SMTP_URL: await smtp.start() });
  svc = await h.start();
});
afterAll(async () => {
  await h?.dispose();
  await smtp?.close();
});

const NAMES = [
  "김}}민지",
  "{{ reservationLink }}",
  "x\r\nBcc: victim@example.com\r\nSubject: free money",
  "<b onmouseover=alert(1)>김&amp;</b>",
  "\u202Eaxe.gnp\u202C 😀👩‍👩‍👧",
  "\uD800 half \uDFFF pair \u0000 nul",
];

const label = (s: string) => JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

describe("hostile text in events", () => {
  it.each(NAMES.map((n) => [label(n), n]))(
    "when a customer and a store are named %s, then the confirmation, failed-payment and refund e-mails all arrive with the name as text",
    async (_label, name) => {
      const c = { ...customer(), name };
      const store = { ...STORE, name };
      const sent = [events.confirmed(c), events.paymentFailed(c), events.refundCompleted(c)].map((e) => ({
        ...e,
        data: { ...e.data, store },
      }));
      for (const e of sent) await h.publish(e as Parameters<Harness["publish"]>[0]);

      const mails = await waitFor(() => (smtp.mailsTo(c.email).length === 3 ? smtp.mailsTo(c.email) : undefined), { timeoutMs: 15_000 });
      for (const m of mails) {
        // one recipient, one subject line, no header the name smuggled in
        expect(m.to).toEqual([c.email]);
        expect(m.parsed.headers.has("bcc")).toBe(false);
        expect(m.parsed.subject).not.toMatch(/[\r\n]/);
        expect(m.parsed.subject).not.toContain("free money\n");
        const html = typeof m.parsed.html === "string" ? m.parsed.html : "";
        expect(html).not.toMatch(/<b onmouseover/);
        expect(html).not.toContain("\u202E");
        if (name.includes("{{")) expect(m.parsed.text).toContain(name);
      }
      expect(await svc.prisma.notification.count({ where: { audience: `user:${c.id}` } })).toBe(3);
    },
  );

  it("when a store's time zone is not one Intl knows, then the confirmation still goes out, in Seoul time", async () => {
    const c = customer();
    const e = events.confirmed(c);
    await h.publish({ ...e, data: { ...e.data, store: { ...STORE, timeZone: "Mars/Olympus_Mons" } } });
    const [mail] = await waitFor(() => (smtp.mailsTo(c.email).length === 1 ? smtp.mailsTo(c.email) : undefined), { timeoutMs: 15_000 });
    expect(mail!.parsed.text).toContain(SLOT_TEXT);
  });

  it("when a live stream is open while such an event arrives, then the stream carries it as well-formed text and keeps going", async () => {
    const c = customer();
    const client = await openSse(`${svc.url}/notifications/stream?access_token=${await customerToken(c.id)}`);
    try {
      expect(client.status).toBe(200);
      await waitFor(() => svc.hub.connectionCount === 1, { timeoutMs: 5_000 });
      const ready = events.ready(c);
      await h.publish({ ...ready, data: { ...ready.data, store: { ...STORE, name: "}}\r\n\uD800\u0000" } } });
      await waitFor(() => client.events.length === 1, { timeoutMs: 10_000 });
      const item = JSON.parse(client.events[0]!.data);
      expect(item.type).toBe("reservation.ready");
      expect(item.data.storeName).toBe("}}\r\n\uFFFD\uFFFD");
      expect(item.body).toContain("}}");
      await h.publish(events.statusChanged(c.id, "rsv_after", null, "CONFIRMED"));
      await waitFor(() => client.events.length === 2, { timeoutMs: 10_000 });
    } finally {
      client.close();
    }
  });
});
