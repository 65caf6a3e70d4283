import { claimInbox } from "@preprint/messaging";
import { waitFor } from "@preprint/test-support";
import type { NotificationService } from "../src/service";
import { createHarness, customer, events, type Harness } from "./helpers";

let h: Harness;
let svc: NotificationService;

beforeAll(async () => {
  h = await createHarness({ RETENTION_INTERVAL_MS: "1000", INBOX_RETENTION_DAYS: "30" });
  svc = await h.start();
});
afterAll(async () => {
  await h?.dispose();
});

const inboxIds = async () =>
  (await svc.prisma.inboxEvent.findMany({ where: { eventId: { in: ["evt-old", "evt-recent"] } }, select: { eventId: true } }))
    .map((r) => r.eventId)
    .sort();

it("when the inbox retention job runs, then event ids past the period are deleted, recent ones kept, and a redelivery inside the period is still a duplicate", async () => {
  const event = events.ready(customer());
  await h.publish(event);
  await waitFor(async () => (await svc.prisma.inboxEvent.count({ where: { eventId: event.id } })) === 1, { timeoutMs: 10_000 });
  await svc.prisma.$executeRawUnsafe(
    `INSERT INTO inbox_events (consumer, event_id, received_at) VALUES ('notification', 'evt-old', now() - interval '31 days'), ('notification', 'evt-recent', now() - interval '29 days')`,
  );
  await svc.prisma.$executeRawUnsafe(`UPDATE inbox_events SET received_at = now() - interval '29 days' WHERE event_id = $1`, event.id);

  // the service's own job (every second here) removes the old id
  await waitFor(async () => (await inboxIds()).length === 1, { timeoutMs: 15_000, description: "the old inbox row deleted" });
  expect(await inboxIds()).toEqual(["evt-recent"]);
  expect(await svc.prisma.inboxEvent.count({ where: { eventId: event.id } })).toBe(1);
  expect(await claimInbox(svc.prisma, "notification", event.id)).toBe(false);
});
