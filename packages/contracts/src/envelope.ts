import { z } from "zod";
import { eventCatalog, type EventData, type EventType } from "./events";
import { uuidv7 } from "./ids";

export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  data: z.unknown(),
});

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  data: EventData<T>;
}

/** Any event, narrowable by `type`. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export interface FieldIssue {
  path: string;
  message: string;
}

/** A payload that does not match its schema; the message names every offending field. */
export class EventValidationError extends Error {
  override readonly name = "EventValidationError";
  constructor(
    readonly eventType: string,
    readonly issues: FieldIssue[],
  ) {
    super(`invalid ${eventType} event: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`);
  }
}

function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventCatalog, type);
}

/** Builds a validated envelope; throws EventValidationError naming the bad field. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  opts: { source: string; id?: string; occurredAt?: Date },
): EventEnvelope<T> {
  const entry = eventCatalog[type];
  const parsed = entry.schema.safeParse(data);
  if (!parsed.success) throw new EventValidationError(type, issuesOf(parsed.error, "data"));
  return {
    id: opts.id ?? uuidv7(),
    type,
    version: entry.version,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    source: opts.source,
    data: parsed.data as EventData<T>,
  };
}

/**
 * Validates an envelope received from the broker: envelope fields, a known type, a version we
 * understand and the payload schema. Throws EventValidationError naming the field.
 */
export function parseEvent(raw: unknown): AnyEvent {
  const env = envelopeSchema.safeParse(raw);
  const type = typeof (raw as { type?: unknown })?.type === "string" ? (raw as { type: string }).type : "unknown";
  if (!env.success) throw new EventValidationError(type, issuesOf(env.error, ""));
  if (!isEventType(env.data.type)) {
    throw new EventValidationError(type, [{ path: "type", message: `unknown event type "${env.data.type}"` }]);
  }
  const entry = eventCatalog[env.data.type];
  if (env.data.version !== entry.version) {
    throw new EventValidationError(type, [
      { path: "version", message: `unsupported version ${env.data.version}, expected ${entry.version}` },
    ]);
  }
  const data = entry.schema.safeParse(env.data.data);
  if (!data.success) throw new EventValidationError(type, issuesOf(data.error, "data"));
  return { ...env.data, data: data.data } as AnyEvent;
}
