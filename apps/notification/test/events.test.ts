import { newId } from "@preprint/contracts";
import { sleep, waitFor } from "@preprint/test-support";
import type { NotificationService } from "../src/service";
import { createHarness, customer, customerToken, events, SLOT_TEXT, staffToken, STORE, TestSmtp, type Harness } from "./helpers";

let h: Harness;
let smtp: TestSmtp;
let svc: NotificationService;
let url: string;

beforeAll(async () => {
  smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  h = await createHarness({ SMTP_URL: smtpUrl });
  svc = await h.start();
  url = svc.url;
});
afterAll(async () => {
  await h?.dispose();
  await smtp?.close();
});

async function get(path: string, token?: string) {
  const res = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
}
async function send(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
}
const emailRow = (eventId: string) => svc.prisma.delivery.findUnique({ where: { eventId_channel: { eventId, channel: "EMAIL" } } });

type Case = {
  name: string;
  make: (c: ReturnType<typeof customer>) => ReturnType<(typeof events)[keyof typeof events]>;
  title: string;
  emailTexts: string[];
};
const cases: Case[] = [
  {
    name: "reservation.confirmed",
    make: (c) => events.confirmed(c),
    title: "[프리프린트] 프리프린트 강남점 예약이 확정되었습니다",
    emailTexts: [`픽업 시간: ${SLOT_TEXT}`, "결제 금액: ₩12,300", "픽업 코드: 048213"],
  },
  {
    name: "reservation.ready",
    make: (c) => events.ready(c),
    title: "[프리프린트] 출력물이 준비되었습니다 (픽업 코드 048213)",
    emailTexts: ["출력물이 준비되었습니다", "픽업 코드: 048213", SLOT_TEXT],
  },
  {
    name: "reservation.expired",
    make: (c) => events.expired(c),
    title: "[프리프린트] 결제 시간이 지나 예약이 취소되었습니다",
    emailTexts: ["결제 시간(2026년 12월 1일 화 10:10)이 지나 예약이 취소되었습니다", `예약했던 시간: ${SLOT_TEXT}`],
  },
  {
    name: "reservation.picked-up",
    make: (c) => events.pickedUp(c),
    title: "[프리프린트] 출력물을 찾아가셨습니다",
    emailTexts: ["프리프린트 강남점에서 2026년 12월 1일 화 14:12에 출력물을 찾아가셨습니다"],
  },
  {
    name: "payment.failed",
    make: (c) => events.paymentFailed(c),
    title: "[프리프린트] 결제가 완료되지 않았습니다",
    emailTexts: ["결제 금액: ₩1,234,500", "결제 금액이 주문 금액과 달라 결제가 자동으로 취소되었습니다."],
  },
  {
    name: "refund.completed",
    make: (c) => events.refundCompleted(c),
    title: "[프리프린트] ₩6,150 환불이 완료되었습니다",
    emailTexts: ["환불 금액: ₩6,150", "남은 결제 금액: ₩6,150", "환불 완료 시각: 2026년 12월 1일 화 15:00"],
  },
];

describe("events in, notifications out", () => {
  it.each(cases)(
    "when $name is published, then the customer gets one in-app notification and one Korean e-mail",
    async ({ make, title, emailTexts }) => {
      const c = customer();
      const event = make(c);
      await h.publish(event);

      const token = await customerToken(c.id);
      const list = await waitFor(
        async () => {
          const r = await get("/notifications", token);
          return r.body.items?.length === 1 ? r : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(list.status).toBe(200);
      expect(list.body.unreadCount).toBe(1);
      expect(list.body.items[0]).toMatchObject({
        type: event.type,
        title,
        readAt: null,
        data: { reservationId: event.data.reservationId },
      });
      expect(list.body.items[0].body).toContain(STORE.name);

      const mail = await waitFor(() => smtp.mailsTo(c.email)[0], { timeoutMs: 10_000 });
      expect(mail.parsed.subject).toBe(title);
      expect(mail.parsed.from?.text).toContain("no-reply@preprint.test");
      for (const t of emailTexts) {
        expect(mail.parsed.text).toContain(t);
        expect(mail.parsed.html).toContain(t.replace(/^.*?: /, ""));
      }
      expect(mail.parsed.html).toContain(STORE.name);
      const row = await waitFor(
        async () => {
          const r = await emailRow(event.id);
          return r?.status === "SENT" ? r : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(row).toMatchObject({ attempts: 1, toAddress: c.email });
      await sleep(150);
      expect(smtp.mailsTo(c.email)).toHaveLength(1);
    },
  );

  it("when the same event arrives twice, then there is one notification, one e-mail and one inbox row", async () => {
    const c = customer();
    const event = events.ready(c);
    await h.publish(event);
    await h.publish(event);
    const token = await customerToken(c.id);
    await waitFor(() => smtp.mailsTo(c.email).length === 1, { timeoutMs: 10_000 });
    // both deliveries processed (the second as a duplicate) before we count
    await waitFor(async () => (await svc.prisma.inboxEvent.count({ where: { eventId: event.id } })) === 1, { timeoutMs: 10_000 });
    await sleep(500);
    const list = await get("/notifications", token);
    expect(list.body.items).toHaveLength(1);
    expect(await svc.prisma.notification.count({ where: { eventId: event.id } })).toBe(1);
    expect(await svc.prisma.delivery.count({ where: { eventId: event.id } })).toBe(2); // IN_APP + EMAIL
    expect(smtp.mailsTo(c.email)).toHaveLength(1);
  });

  it("when a refund made in PortOne's console arrives (refund.completed, origin EXTERNAL), then the customer is told in Korean, in the app and by e-mail, with the origin in the item's data", async () => {
    const c = customer();
    const base = events.refundCompleted(c);
    const event = {
      ...base,
      data: {
        ...base.data,
        remainingAmount: 0,
        origin: "EXTERNAL" as const,
        externalActor: "PORTONE_CONSOLE" as const,
        reason: "콘솔 환불",
      },
    };
    await h.publish(event);
    const token = await customerToken(c.id);
    const list = await waitFor(
      async () => {
        const r = await get("/notifications", token);
        return r.body.items?.length ? r : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(list.body.items[0]).toMatchObject({
      type: "refund.completed",
      title: "[프리프린트] ₩6,150 환불이 완료되었습니다",
      data: { origin: "EXTERNAL", externalActor: "PORTONE_CONSOLE", remainingAmount: 0 },
    });
    await waitFor(() => smtp.mailsTo(c.email).length === 1, { timeoutMs: 10_000 });
  });

  it("when refund.failed is published, then the store's staff see it in the app and no customer is e-mailed", async () => {
    const event = events.refundFailed();
    const before = smtp.mails.length;
    await h.publish(event);
    const staff = await staffToken("usr_staff1", STORE.id);
    const list = await waitFor(
      async () => {
        const r = await get("/notifications", staff);
        return r.body.items?.find((i: any) => i.data.refundId === event.data.refundId) ? r : undefined;
      },
      { timeoutMs: 10_000 },
    );
    const item = list.body.items.find((i: any) => i.data.refundId === event.data.refundId);
    expect(item.title).toBe(`[환불 실패] 예약 ${event.data.reservationId} 환불 ₩6,150 처리 필요`);
    expect(item.body).toContain("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT");
    expect(await svc.prisma.delivery.findMany({ where: { eventId: event.id }, select: { channel: true } })).toEqual([
      { channel: "IN_APP" },
    ]);
    // another store's staff and customers do not see it
    const other = await get("/notifications", await staffToken("usr_staff2", "sto_other"));
    expect(other.body.items).toHaveLength(0);
    await sleep(300);
    expect(smtp.mails.length).toBe(before);
  });

  it("when a customer turned e-mail off, then optional e-mails are skipped but payment and refund e-mails still go out", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    const put = await send("PUT", "/notifications/preferences", token, { emailEnabled: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ emailEnabled: false, alwaysEmailed: ["reservation.confirmed", "payment.failed", "refund.completed"] });
    expect((await get("/notifications/preferences", token)).body.emailEnabled).toBe(false);

    const ready = events.ready(c);
    const refund = events.refundCompleted(c);
    const confirmed = events.confirmed(c);
    await h.publish(ready);
    await h.publish(refund);
    await h.publish(confirmed);

    await waitFor(() => smtp.mailsTo(c.email).length === 2, { timeoutMs: 10_000 });
    await waitFor(async () => (await get("/notifications", token)).body.items.length === 3, { timeoutMs: 10_000 });
    expect(await emailRow(ready.id)).toMatchObject({ status: "SKIPPED", reason: "OPTED_OUT", textBody: null });
    expect(await emailRow(refund.id)).toMatchObject({ status: "SENT" });
    expect(await emailRow(confirmed.id)).toMatchObject({ status: "SENT" });
    await sleep(300);
    expect(
      smtp
        .mailsTo(c.email)
        .map((m) => m.parsed.subject)
        .sort(),
    ).toEqual(["[프리프린트] ₩6,150 환불이 완료되었습니다", "[프리프린트] 프리프린트 강남점 예약이 확정되었습니다"].sort());
  });

  it("when a customer pages through and reads notifications, then the cursor, unread count and read state follow", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    for (const make of [events.confirmed, events.ready, events.pickedUp]) await h.publish(make(c));
    await waitFor(async () => (await get("/notifications/unread-count", token)).body.count === 3, { timeoutMs: 10_000 });

    const page1 = await get("/notifications?limit=2", token);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await get(`/notifications?limit=2&cursor=${page1.body.nextCursor}`, token);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const ids = [...page1.body.items, ...page2.body.items].map((i: any) => i.id);
    expect(new Set(ids).size).toBe(3);

    const read = await send("POST", `/notifications/${ids[2]}/read`, token);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await send("POST", `/notifications/${ids[2]}/read`, token);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await get("/notifications/unread-count", token)).body).toEqual({ count: 2 });
    expect((await get("/notifications?unread=true", token)).body.items.map((i: any) => i.id)).not.toContain(ids[2]);

    // someone else's notification is not found for another customer, and stays unread
    const stranger = await customerToken("usr_stranger");
    const foreign = await send("POST", `/notifications/${ids[0]}/read`, stranger);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("NOTIFICATION_NOT_FOUND");
    expect((await svc.prisma.notification.findUnique({ where: { id: ids[0] } }))!.readAt).toBeNull();
  });

  it("when notifications arrive while the inbox is read, then every answer's unread count matches the unread items it lists", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    const audience = `user:${c.id}`;
    // rows written straight into the table, as fast as PostgreSQL takes them, to race the reads
    let written = 0;
    let reading = true;
    const writer = (async () => {
      while (reading && written < 95) {
        await svc.prisma.notification.create({
          data: { id: newId("ntf"), audience, type: "reservation.ready", eventId: newId("evt"), title: "t", body: "b" },
        });
        written++;
      }
    })();
    const skewed: { unreadCount: number; listed: number }[] = [];
    let reads = 0;
    while (reading) {
      const r = await get("/notifications?limit=100", token);
      expect(r.status).toBe(200);
      const listed = r.body.items.filter((n: { readAt: string | null }) => n.readAt === null).length;
      // one page holds them all: the count and the list must come from the same moment
      if (r.body.unreadCount !== listed) skewed.push({ unreadCount: r.body.unreadCount, listed });
      reading = ++reads < 300 && written < 95;
    }
    await writer;
    expect(written).toBeGreaterThan(10);
    expect(skewed).toEqual([]);
  });

  it("when a request has no valid token or bad input, then it gets problem+json with a stable code", async () => {
    const noToken = await get("/notifications");
    expect(noToken.status).toBe(401);
    expect(noToken.type).toContain("application/problem+json");
    expect(noToken.body.code).toBe("UNAUTHENTICATED");
    expect((await get("/notifications", "not.a.token")).body.code).toBe("TOKEN_INVALID");

    const token = await customerToken(customer().id);
    const badCursor = await get("/notifications?cursor=zzz", token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe("INVALID_CURSOR");
    expect((await get("/notifications?limit=1000", token)).body.code).toBe("VALIDATION_FAILED");
    expect((await send("POST", "/notifications/nope/read", token)).body.code).toBe("VALIDATION_FAILED");
    const badPref = await send("PUT", "/notifications/preferences", token, { emailEnabled: "no" });
    expect(badPref.status).toBe(400);
    expect(badPref.body.code).toBe("VALIDATION_FAILED");
    const staffPref = await get("/notifications/preferences", await staffToken("usr_s", STORE.id));
    expect(staffPref.status).toBe(403);
  });

  it("when the service is up, then readiness reports database, broker and listener up", async () => {
    const r = await get("/health/ready");
    expect(r.status).toBe(200);
    expect(r.body.checks).toEqual({ database: { status: "up" }, broker: { status: "up" }, listen: { status: "up" } });
  });

  it("when /openapi.json is read, then every route is declared with its public path, its inputs and the schema its answer is shaped by", async () => {
    const r = await get("/openapi.json");
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc["x-service"]).toBe("notification");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/notifications",
      "/api/notifications/preferences",
      "/api/notifications/read-all",
      "/api/notifications/stream",
      "/api/notifications/unread-count",
      "/api/notifications/{notificationId}/read",
    ]);
    const json = (op: any, status = "200") => op.responses[status].content["application/json"].schema;
    const list = doc.paths["/api/notifications"].get;
    expect(list.parameters.map((p: any) => p.name).sort()).toEqual(["cursor", "limit", "unread"]);
    expect(json(list)).toEqual({ $ref: "#/components/schemas/NotificationPage" });
    expect(doc.components.schemas.NotificationPage.required).toEqual(["items", "nextCursor", "unreadCount"]);
    expect(doc.components.schemas.Notification.properties.readAt).toBeDefined();
    const put = doc.paths["/api/notifications/preferences"].put;
    expect(put.requestBody.content["application/json"].schema.required).toEqual(["emailEnabled"]);
    expect(json(put)).toEqual({ $ref: "#/components/schemas/NotificationPreferences" });
    const read = doc.paths["/api/notifications/{notificationId}/read"].post;
    expect(read.parameters).toEqual([expect.objectContaining({ name: "notificationId", in: "path", required: true })]);
    expect(read["x-problem-codes"]).toContain("NOTIFICATION_NOT_FOUND");
    expect(Object.keys(doc.paths["/api/notifications/stream"].get.responses["200"].content)).toEqual(["text/event-stream"]);
    for (const item of Object.values<any>(doc.paths)) for (const op of Object.values<any>(item)) expect(op.responses["401"]).toBeDefined();
  });
});
