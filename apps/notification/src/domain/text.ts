// Text from events (names, store names, reasons) made safe to show and to store. Pure.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 and C1 control characters except tab, LF and CR */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** embeddings, overrides and isolates: they would reorder the text around a value (RLO spoofing) */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- VT and FF are line breaks too
const LINE_BREAKS = /\s*[\r\n\u000B\u000C\u0085\u2028\u2029]+\s*/g;

/**
 * Half a surrogate pair can't be encoded as UTF-8 and NUL can't be stored in PostgreSQL text or
 * jsonb: either would fail the event's transaction on every retry. Both become U+FFFD.
 */
export function wellFormed(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is the character to replace
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(/\u0000/g, "\uFFFD");
}

/** A value as shown to a person: well-formed, without control characters or bidi overrides. */
export function displayText(value: string): string {
  return wellFormed(value).replace(CONTROL, "").replace(BIDI_CONTROL, "");
}

/** One line: every line break (CR, LF, NEL, U+2028/2029, VT, FF) and tab becomes one space. */
export function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, " ").replace(/\t/g, " ");
}

/** At most `max` code points (a surrogate pair is never split), with "…" when cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const points = Array.from(value);
  return points.length <= max ? value : `${points.slice(0, max - 1).join("")}…`;
}

/** A JSON-able value with every string well-formed (for jsonb columns). */
export function storable<T>(value: T): T {
  if (typeof value === "string") return wellFormed(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), storable(v)])) as T;
  }
  return value;
}
