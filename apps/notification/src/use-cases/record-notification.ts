import { newId, type EventEnvelope } from "@preprint/contracts";
import { handleOnce } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import type { Prisma, PrismaClient, Tx } from "../db/client";
import { insertDeliveries, insertNotification } from "../db/notifications";
import { findPreference } from "../db/preferences";
import { appendToStream } from "../db/stream";
import { CHANNEL, emailOutcome, STATUS } from "../domain/delivery";
import { toItem } from "../domain/inbox-item";
import { notificationFor, type NotifiableType, type NotificationSpec } from "../domain/messages";
import { storable } from "../domain/text";
import { notificationMetrics } from "../telemetry/metrics";
import type { RenderedMessage, Templates } from "../templates/templates";

/** Inbox consumer name (the dedupe key is (consumer, event id)). */
export const CONSUMER = "notification";

export interface RecordNotificationDeps {
  prisma: PrismaClient;
  templates: Templates;
  publicBaseUrl: string;
  logger: Logger;
  /** called after commit when an e-mail was queued, so the local delivery job sends it without waiting for its next poll */
  onEmailQueued?: () => void;
}

/**
 * Turns one event into a notification: stored in the audience's inbox with one delivery row per
 * channel and appended to its live stream, in one transaction with the inbox claim, so a
 * redelivered or duplicated event produces nothing new. The e-mail is only queued (PENDING); the
 * delivery job sends it after commit. Throws when it could not be stored (the consumer retries,
 * then parks the event in the DLQ).
 */
export async function recordNotification<T extends NotifiableType>(deps: RecordNotificationDeps, event: EventEnvelope<T>): Promise<void> {
  try {
    await record(deps, event);
  } catch (err) {
    notificationMetrics.failed("in_app");
    throw err;
  }
}

async function record<T extends NotifiableType>(deps: RecordNotificationDeps, event: EventEnvelope<T>): Promise<void> {
  const spec = notificationFor(event as Parameters<typeof notificationFor>[0], deps.publicBaseUrl);
  // render before the transaction: a broken template fails the event without holding locks
  const message = deps.templates.render(spec.type, spec.values, spec.email !== "none");
  const outcome = await handleOnce(deps.prisma, CONSUMER, event.id, (tx) => store(tx, event.id, spec, message));
  if (outcome.duplicate) {
    deps.logger.debug({ eventId: event.id, type: event.type }, "duplicate event ignored");
    return;
  }
  deps.logger.info({ eventId: event.id, type: event.type, notificationId: outcome.result.id }, "notification stored");
  notificationMetrics.sent("in_app");
  if (outcome.result.emailPending) deps.onEmailQueued?.();
}

async function store(
  tx: Tx,
  eventId: string,
  spec: NotificationSpec,
  msg: RenderedMessage,
): Promise<{ id: string; emailPending: boolean }> {
  const email =
    spec.email === "optional" && spec.recipient
      ? emailOutcome(spec, await findPreference(tx, spec.recipient.userId))
      : emailOutcome(spec, null);
  const notification = await insertNotification(tx, {
    id: newId("ntf"),
    audience: spec.audience,
    type: spec.type,
    eventId,
    title: msg.subject,
    body: msg.inApp,
    data: storable(spec.data) as object,
  });
  const deliveries: Prisma.DeliveryCreateManyInput[] = [
    {
      id: newId("dlv"),
      notificationId: notification.id,
      eventId,
      channel: CHANNEL.inApp,
      status: STATUS.delivered,
      sentAt: notification.createdAt,
    },
  ];
  const pending = email?.status === STATUS.pending;
  if (email) {
    deliveries.push({
      id: newId("dlv"),
      notificationId: notification.id,
      eventId,
      channel: CHANNEL.email,
      status: email.status,
      reason: email.reason,
      toAddress: spec.recipient!.email,
      // an opted-out e-mail keeps no copy of the message
      subject: pending ? msg.subject : null,
      textBody: pending ? msg.email?.text : null,
      htmlBody: pending ? msg.email?.html : null,
    });
  }
  await insertDeliveries(tx, deliveries);
  // last in the transaction: the stream head's row lock is held until commit
  await appendToStream(tx, spec.audience, "notification", toItem(notification));
  return { id: notification.id, emailPending: pending };
}
