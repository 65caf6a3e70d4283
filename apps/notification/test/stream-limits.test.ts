import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { waitFor } from "@preprint/test-support";
import type { NotificationService } from "../src/service";
import { createHarness, customer, customerToken, events, openSse, staffToken, STORE, type Harness, type SseClient } from "./helpers";
import { QueryCounter } from "./query-counter";

let h: Harness;
const clients: SseClient[] = [];
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "ntf-limits-mail-"));
const counter = new QueryCounter();
/** the read of an audience's new stream rows (Prisma's SQL for readStream) */
const STREAM_READ = /^SELECT .* FROM "public"\."stream_events" WHERE/s;

beforeAll(async () => {
  h = await createHarness({ SSE_HEARTBEAT_MS: "200", SMTP_URL: "", MAIL_DIR: mailDir });
  // the consuming replica: the others only serve streams
  await h.start();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await h?.dispose();
  await counter.close();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

async function streamOnly(overrides: Record<string, string> = {}): Promise<NotificationService> {
  const svc = await h.start(overrides);
  await svc.messaging.stopConsuming();
  return svc;
}

async function sse(svc: NotificationService, token: string): Promise<SseClient> {
  const c = await openSse(`${svc.url}/notifications/stream?access_token=${token}`);
  clients.push(c);
  return c;
}

describe("live push limits", () => {
  it("when one customer has 20 open streams and three staff watch the store, then each event is read once per audience, not once per stream", async () => {
    const port = await counter.start();
    const svc = await streamOnly({
      NOTIFICATION_DATABASE_URL: counter.rewriteUrl(h.config.NOTIFICATION_DATABASE_URL, port),
      SSE_MAX_STREAMS_PER_ACCOUNT: "30",
    });
    const c = customer();
    const token = await customerToken(c.id);
    const mine = await Promise.all(Array.from({ length: 20 }, () => sse(svc, token)));
    const staff = await Promise.all([1, 2, 3].map(async (i) => sse(svc, await staffToken(`usr_staff_${i}_${c.id}`, STORE.id))));
    const all = [...mine, ...staff];
    expect(all.map((x) => x.status)).toEqual(all.map(() => 200));
    await waitFor(() => svc.hub.connectionCount === 23, { timeoutMs: 5_000 });

    // warm-up: every stream has its start point and has seen one event
    await h.publish(events.statusChanged(c.id, "rsv_fan", null, "CONFIRMED"));
    await waitFor(() => all.every((x) => x.events.length === 1), { timeoutMs: 10_000 });

    counter.statements.splice(0);
    const steps = ["PRINTING", "READY", "PICKED_UP"] as const;
    let from: "CONFIRMED" | "PRINTING" | "READY" = "CONFIRMED";
    for (const [i, to] of steps.entries()) {
      await h.publish(events.statusChanged(c.id, "rsv_fan", from, to));
      await waitFor(() => all.every((x) => x.events.length === i + 2), { timeoutMs: 10_000 });
      if (to !== "PICKED_UP") from = to;
    }
    const reads = counter.count(STREAM_READ);
    // two audiences (the customer, the store) per event; one read each, not 20 + 3
    expect(reads).toBeGreaterThanOrEqual(steps.length);
    expect(reads).toBeLessThanOrEqual(steps.length * 2);
    // and every stream got every event once, in sequence
    for (const x of all) {
      const ids = x.events.map((e) => Number(e.id));
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
    }
    await svc.stop("test");
  });

  it("when an account opens one stream more than it may, then its oldest stream is told `superseded` and closed, the newest five stay live, and the closed page cannot take a stream back at once", async () => {
    const svc = await streamOnly({ SSE_MAX_STREAMS_PER_ACCOUNT: "5", SSE_SUPERSEDE_INTERVAL_MS: "60000" });
    const c = customer();
    const token = await customerToken(c.id);
    const tabs: SseClient[] = [];
    for (let i = 0; i < 5; i++) {
      tabs.push(await sse(svc, token));
      await waitFor(() => svc.hub.streamsOf(c.id) === i + 1, { timeoutMs: 5_000 });
    }
    const newest = await sse(svc, token);
    expect(newest.status).toBe(200);
    await tabs[0]!.closed;
    expect(tabs[0]!.events.map((e) => e.event)).toEqual(["superseded"]);
    await waitFor(() => svc.hub.streamsOf(c.id) === 5, { timeoutMs: 5_000 });

    await h.publish(events.statusChanged(c.id, "rsv_tabs", null, "CONFIRMED"));
    const live = [...tabs.slice(1), newest];
    await waitFor(() => live.every((x) => x.events.length === 1), { timeoutMs: 10_000 });
    expect(tabs[0]!.events).toHaveLength(1);

    // the closed page reconnects on its own: it would close the next oldest, and round the tabs
    // forever; within the interval it is told to wait instead
    const again = await fetch(`${svc.url}/notifications/stream?access_token=${token}`);
    expect(again.status).toBe(429);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(((await again.json()) as { code: string }).code).toBe("TOO_MANY_STREAMS");
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(svc.hub.streamsOf(c.id)).toBe(5);
    expect(live.every((x) => x.events.length === 1)).toBe(true);
    await svc.stop("test");
  });

  it("when the replica holds as many streams as it may, then one more is refused with 503 problem+json and Retry-After, and admitted once a stream closed", async () => {
    const svc = await streamOnly({ SSE_MAX_STREAMS: "3", SSE_MAX_STREAMS_PER_ACCOUNT: "2" });
    const [a, b, c] = [customer(), customer(), customer()];
    const a1 = await sse(svc, await customerToken(a.id));
    await sse(svc, await customerToken(a.id));
    const b1 = await sse(svc, await customerToken(b.id));
    await waitFor(() => svc.hub.connectionCount === 3, { timeoutMs: 5_000 });

    const refused = await fetch(`${svc.url}/notifications/stream?access_token=${await customerToken(c.id)}`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(((await refused.json()) as { code: string }).code).toBe("STREAM_CAPACITY_REACHED");

    // an account at its own cap is not refused: it trades its oldest stream for the new one
    const a3 = await sse(svc, await customerToken(a.id));
    expect(a3.status).toBe(200);
    await a1.closed;
    expect(svc.hub.connectionCount).toBe(3);

    b1.close();
    await waitFor(() => svc.hub.connectionCount === 2, { timeoutMs: 5_000 });
    const admitted = await sse(svc, await customerToken(c.id));
    expect(admitted.status).toBe(200);
    await svc.stop("test");
  });
});
