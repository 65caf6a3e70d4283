import type { MessageProperties, Options } from "amqplib";
import { Headers } from "./topology";

// One place for how a message is copied onto a new one (retry, park, replay), so the three paths
// cannot drift apart in what they keep and what they drop.

/**
 * The broker's bookkeeping, not ours to copy onto a new message: x-death grows on every retry
 * cycle; a copied x-delivery-count would make the copy look redelivered (see brokerDeliveryCount).
 */
export function stripBrokerHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out = { ...headers };
  delete out[Headers.deliveryCount];
  delete out["x-acquired-count"];
  delete out["x-death"];
  delete out["x-first-death-exchange"];
  delete out["x-first-death-queue"];
  delete out["x-first-death-reason"];
  delete out["x-last-death-exchange"];
  delete out["x-last-death-queue"];
  delete out["x-last-death-reason"];
  return out;
}

/** The properties a copy keeps from the original (persistent, with the given headers). */
export function copyProperties(p: MessageProperties, headers: Record<string, unknown>): Options.Publish {
  return {
    persistent: true,
    messageId: p.messageId,
    type: p.type,
    appId: p.appId,
    contentType: p.contentType,
    contentEncoding: p.contentEncoding,
    correlationId: p.correlationId,
    timestamp: p.timestamp,
    headers,
  };
}
