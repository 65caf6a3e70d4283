import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sleep, TcpProxy, waitFor } from "@preprint/test-support";
import type { NotificationService } from "../src/service";
import { createHarness, customer, customerToken, events, openSse, staffToken, STORE, type Harness, type SseClient } from "./helpers";

let h: Harness;
let a: NotificationService;
let b: NotificationService;
const clients: SseClient[] = [];
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "ntf-stream-mail-"));

beforeAll(async () => {
  h = await createHarness({ SSE_HEARTBEAT_MS: "200", SMTP_URL: "", MAIL_DIR: mailDir });
  a = await h.start();
  b = await h.start();
  // only replica A consumes: whatever B's clients receive came through PostgreSQL, not B's queue
  await b.messaging.stopConsuming();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await h?.dispose();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

async function sse(svc: NotificationService, query: string, headers: Record<string, string> = {}) {
  const c = await openSse(`${svc.url}/notifications/stream${query}`, headers);
  clients.push(c);
  return c;
}
const parsed = (c: SseClient) => c.events.map((e) => ({ id: e.id, event: e.event, data: JSON.parse(e.data) }));

describe("live push (SSE)", () => {
  it("when a status change is consumed by another replica, then the customer's open stream on this replica receives it, with heartbeats in between", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    const client = await sse(b, `?access_token=${token}`);
    expect(client.status).toBe(200);
    await sleep(100);

    await h.publish(events.statusChanged(c.id, "rsv_live", "CONFIRMED", "PRINTING"));
    await waitFor(() => client.events.length === 1, { timeoutMs: 10_000 });
    expect(parsed(client)[0]).toEqual({
      id: "1",
      event: "reservation.status",
      data: { reservationId: "rsv_live", from: "CONFIRMED", to: "PRINTING", at: expect.any(String) },
    });
    await waitFor(() => client.comments.includes("keep-alive"), { timeoutMs: 2_000 });

    // the store's staff screen gets it too; another customer does not
    const staff = await sse(b, "", { authorization: `Bearer ${await staffToken("usr_staff", STORE.id)}` });
    const other = await sse(b, `?access_token=${await customerToken("usr_someone_else")}`);
    await sleep(100);
    await h.publish(events.statusChanged(c.id, "rsv_live", "PRINTING", "READY"));
    await waitFor(() => client.events.length === 2 && staff.events.length === 1, { timeoutMs: 10_000 });
    expect(parsed(staff)[0]!.data).toMatchObject({ reservationId: "rsv_live", to: "READY", customerId: c.id });
    await sleep(200);
    expect(other.events).toHaveLength(0);
  });

  it("when the connection drops and the client reconnects with Last-Event-ID, then it gets exactly what it missed, once, in sequence", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    const first = await sse(b, "", { authorization: `Bearer ${token}` });
    await sleep(100);
    await h.publish(events.statusChanged(c.id, "rsv_r", null, "CONFIRMED"));
    await waitFor(() => first.events.length === 1, { timeoutMs: 10_000 });
    const lastId = first.events[0]!.id!;
    first.close();
    await first.closed;

    // while the page is away: two status changes and a notification
    await h.publish(events.statusChanged(c.id, "rsv_r", "CONFIRMED", "PRINTING"));
    await h.publish(events.statusChanged(c.id, "rsv_r", "PRINTING", "READY"));
    const ready = events.ready(c, "rsv_r");
    await h.publish(ready);
    await waitFor(async () => (await a.prisma.notification.count({ where: { eventId: ready.id } })) === 1, { timeoutMs: 10_000 });

    // reconnect to the other replica, the way EventSource does (Last-Event-ID header)
    const second = await sse(a, "", { authorization: `Bearer ${token}`, "last-event-id": lastId });
    await waitFor(() => second.events.length === 3, { timeoutMs: 10_000 });
    const got = parsed(second);
    expect(got.map((e) => e.id)).toEqual([String(Number(lastId) + 1), String(Number(lastId) + 2), String(Number(lastId) + 3)]);
    // the consumer handles events concurrently, so the stream order is commit order: pages order
    // status changes by `at`. What matters here: all three, once each, with consecutive ids.
    const statuses = got.filter((e) => e.event === "reservation.status").map((e) => e.data.to);
    expect(statuses.sort()).toEqual(["PRINTING", "READY"]);
    const notifications = got.filter((e) => e.event === "notification");
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.data).toMatchObject({
      type: "reservation.ready",
      title: "[프리프린트] 출력물이 준비되었습니다 (픽업 코드 048213)",
      readAt: null,
    });

    // and it keeps going live after the catch-up, without repeats
    await h.publish(events.statusChanged(c.id, "rsv_r", "READY", "PICKED_UP"));
    await waitFor(() => second.events.length === 4, { timeoutMs: 10_000 });
    expect(parsed(second)[3]!.data.to).toBe("PICKED_UP");
    await sleep(200);
    expect(second.events).toHaveLength(4);
  });

  it("when a client connects without Last-Event-ID, then the stream starts now (history is in the inbox)", async () => {
    const c = customer();
    await h.publish(events.statusChanged(c.id, "rsv_old", null, "CONFIRMED"));
    await waitFor(async () => (await a.prisma.streamEvent.count({ where: { audience: `user:${c.id}` } })) === 1, { timeoutMs: 10_000 });
    const client = await sse(a, `?access_token=${await customerToken(c.id)}`);
    await sleep(100);
    await h.publish(events.statusChanged(c.id, "rsv_old", "CONFIRMED", "PRINTING"));
    await waitFor(() => client.events.length >= 1, { timeoutMs: 10_000 });
    await sleep(100);
    expect(parsed(client).map((e) => [e.id, e.data.to])).toEqual([["2", "PRINTING"]]);
  });

  it("when a client resumes from an id beyond the audience's head, then it is told to resync and gets the next event", async () => {
    const c = customer();
    await h.publish(events.statusChanged(c.id, "rsv_far", null, "CONFIRMED"));
    await waitFor(async () => (await a.prisma.streamEvent.count({ where: { audience: `user:${c.id}` } })) === 1, { timeoutMs: 10_000 });
    const client = await sse(a, `?access_token=${await customerToken(c.id)}`, { "last-event-id": "999999" });
    await waitFor(() => client.events.length === 1, { timeoutMs: 5_000 });
    expect(client.events[0]!.event).toBe("resync");
    await h.publish(events.statusChanged(c.id, "rsv_far", "CONFIRMED", "PRINTING"));
    await waitFor(() => client.events.length === 2, { timeoutMs: 10_000 });
    expect(parsed(client)[1]).toMatchObject({ id: "2", data: { to: "PRINTING" } });
  });

  it("when the stream is opened without a valid token or with a bad Last-Event-ID, then it is refused with problem+json", async () => {
    const none = await fetch(`${a.url}/notifications/stream`);
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect(((await none.json()) as any).code).toBe("UNAUTHENTICATED");
    const bad = await fetch(`${a.url}/notifications/stream?access_token=abc.def.ghi`);
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as any).code).toBe("TOKEN_INVALID");
    const token = await customerToken(customer().id);
    const badId = await fetch(`${a.url}/notifications/stream?access_token=${token}`, { headers: { "last-event-id": "x1" } });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as any).code).toBe("INVALID_LAST_EVENT_ID");
  });

  it("when the stream is asked for with HEAD or another method than GET, then it is 405 with Allow: GET and no stream is held", async () => {
    const token = await customerToken(customer().id);
    const open = a.hub.connectionCount;
    for (const method of ["HEAD", "POST", "DELETE"]) {
      const res = await fetch(`${a.url}/notifications/stream?access_token=${token}`, { method });
      expect([method, res.status, res.headers.get("allow")]).toEqual([method, 405, "GET"]);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      if (method !== "HEAD") expect(((await res.json()) as any).code).toBe("METHOD_NOT_ALLOWED");
      else await res.body?.cancel();
      expect(a.hub.connectionCount).toBe(open);
    }
  });

  it("when a replica shuts down with open streams, then it stops promptly and the client resumes on another replica", async () => {
    const c = customer();
    const token = await customerToken(c.id);
    const extra = await h.start();
    await extra.messaging.stopConsuming();
    const client = await sse(extra, `?access_token=${token}`);
    await sleep(100);
    await h.publish(events.statusChanged(c.id, "rsv_s", null, "CONFIRMED"));
    await waitFor(() => client.events.length === 1, { timeoutMs: 10_000 });

    const started = Date.now();
    await extra.stop("test");
    expect(Date.now() - started).toBeLessThan(3_000);
    await client.closed;
    expect(extra.hub.connectionCount).toBe(0);

    await h.publish(events.statusChanged(c.id, "rsv_s", "CONFIRMED", "PRINTING"));
    // a new EventSource after a token refresh passes the last id in the URL
    const resumed = await sse(a, `?access_token=${token}&lastEventId=${client.events[0]!.id!}`);
    await waitFor(() => resumed.events.length === 1, { timeoutMs: 10_000 });
    expect(parsed(resumed)[0]!.data.to).toBe("PRINTING");
  });

  it("when a replica loses its database connections, then it reports not ready, reconnects its LISTEN and catches its open streams up", async () => {
    const proxy = new TcpProxy({ targetPort: 5432 });
    await proxy.start();
    try {
      const flaky = await h.start({ NOTIFICATION_DATABASE_URL: proxy.rewriteUrl(h.config.NOTIFICATION_DATABASE_URL) });
      await flaky.messaging.stopConsuming();
      const c = customer();
      const client = await sse(flaky, `?access_token=${await customerToken(c.id)}`);
      // live once it has carried an event (its start point is read from the database after the
      // headers went out: a cut before that ends the stream instead of testing the catch-up)
      await h.publish(events.statusChanged(c.id, "rsv_db", null, "CONFIRMED"));
      await waitFor(() => client.events.length === 1, { timeoutMs: 10_000 });

      proxy.cut();
      await waitFor(async () => (await fetch(`${flaky.url}/health/ready`)).status === 503, { timeoutMs: 5_000 });
      const ready = (await (await fetch(`${flaky.url}/health/ready`)).json()) as any;
      expect(ready.checks.listen.status).toBe("down");
      // consumed by replica A while this one cannot hear the NOTIFY
      await h.publish(events.statusChanged(c.id, "rsv_db", "CONFIRMED", "PRINTING"));
      await waitFor(async () => (await a.prisma.streamEvent.count({ where: { audience: `user:${c.id}` } })) === 2, { timeoutMs: 10_000 });
      expect(client.events).toHaveLength(1);

      proxy.restore();
      await waitFor(() => client.events.length === 2, { timeoutMs: 15_000 });
      expect(parsed(client)[1]).toMatchObject({ id: "2", data: { to: "PRINTING" } });
      await waitFor(async () => (await fetch(`${flaky.url}/health/ready`)).status === 200, { timeoutMs: 10_000 });
    } finally {
      await proxy.close();
    }
  });
});
