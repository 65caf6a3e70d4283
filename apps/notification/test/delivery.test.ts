import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { sleep, waitFor } from "@preprint/test-support";
import { createHarness, customer, events, TestSmtp, type Harness } from "./helpers";

let h: Harness;
let smtp: TestSmtp;
let smtpUrl: string;

beforeAll(async () => {
  smtp = new TestSmtp();
  smtpUrl = await smtp.start();
  h = await createHarness({ SMTP_URL: smtpUrl, EMAIL_MAX_ATTEMPTS: "3" });
});
afterAll(async () => {
  await h?.dispose();
  await smtp?.close();
});

const emailRow = (svc: { prisma: any }, eventId: string) =>
  svc.prisma.delivery.findUnique({ where: { eventId_channel: { eventId, channel: "EMAIL" } } });

describe("e-mail delivery", () => {
  it("when the SMTP server is down and comes back, then the e-mail is retried with back-off and delivered exactly once", async () => {
    const svc = await h.start();
    smtp.proxy.cut();
    const c = customer();
    const event = events.confirmed(c);
    await h.publish(event);

    // the notification is stored right away; the e-mail waits, failing
    const failing = await waitFor(
      async () => {
        const r = await emailRow(svc, event.id);
        // not while a worker holds it (claimed, attempt counted, outcome not yet written)
        return r && r.attempts >= 2 && r.status === "PENDING" && r.leaseUntil === null ? r : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(failing.reason).toMatch(/ECONNRE|closed|Connection/i);
    expect(failing.nextAttemptAt.getTime()).toBeGreaterThan(failing.updatedAt.getTime());
    expect(await svc.prisma.notification.count({ where: { eventId: event.id } })).toBe(1);
    expect(smtp.mailsTo(c.email)).toHaveLength(0);

    smtp.proxy.restore();
    const sent = await waitFor(
      async () => {
        const r = await emailRow(svc, event.id);
        return r?.status === "SENT" ? r : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(sent.attempts).toBeLessThanOrEqual(3);
    await sleep(500);
    expect(smtp.mailsTo(c.email)).toHaveLength(1);
    expect(smtp.mailsTo(c.email)[0]!.parsed.messageId).toBe(`<${sent.id}@preprint.test>`);
  });

  it("when the SMTP server stays down, then the e-mail is given up after N attempts and recorded FAILED", async () => {
    const svc = await h.start();
    smtp.proxy.cut();
    const c = customer();
    const event = events.paymentFailed(c);
    await h.publish(event);
    const failed = await waitFor(
      async () => {
        const r = await emailRow(svc, event.id);
        return r?.status === "FAILED" ? r : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(failed.attempts).toBe(3);
    expect(failed.reason).toEqual(expect.any(String));
    smtp.proxy.restore();
    await sleep(800);
    // given up means given up: nothing goes out later, and the in-app copy is still there
    expect(smtp.mailsTo(c.email)).toHaveLength(0);
    expect((await emailRow(svc, event.id)).status).toBe("FAILED");
    expect(await svc.prisma.delivery.findUnique({ where: { eventId_channel: { eventId: event.id, channel: "IN_APP" } } })).toMatchObject({
      status: "DELIVERED",
    });
  });

  it("when two replicas share the queue and the delivery table, then each e-mail is sent once", async () => {
    const a = await h.start();
    await h.start();
    const c = customer();
    const sent = Array.from({ length: 12 }, () => events.ready(c));
    await Promise.all(sent.map((e) => h.publish(e)));
    await waitFor(async () => (await a.prisma.delivery.count({ where: { channel: "EMAIL", status: "SENT", toAddress: c.email } })) === 12, {
      timeoutMs: 15_000,
    });
    await sleep(500);
    expect(smtp.mailsTo(c.email)).toHaveLength(12);
    expect(new Set(smtp.mailsTo(c.email).map((m) => m.parsed.messageId)).size).toBe(12);
  });

  it("when SMTP_URL is not set, then e-mails are written as .eml files under MAIL_DIR", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ntf-mail-"));
    try {
      // the SMTP replicas would take the row from the shared delivery table: this one is alone
      await h.stopAll();
      const svc = await h.start({ SMTP_URL: "", MAIL_DIR: dir });
      expect(svc.mailer.description).toBe(`.eml files in ${dir}`);
      const c = customer();
      const event = events.ready(c);
      await h.publish(event);
      const row = await waitFor(
        async () => {
          const r = await emailRow(svc, event.id);
          return r?.status === "SENT" ? r : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(row.providerRef).toBe(path.join(dir, `${row.id}.eml`));
      const parsed = await simpleParser(fs.readFileSync(row.providerRef));
      expect(parsed.subject).toBe("[프리프린트] 출력물이 준비되었습니다 (픽업 코드 048213)");
      expect(parsed.text).toContain("픽업 코드: 048213");
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe(c.email);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
