/**
 * Observability: one booking, driven through the gateway with a W3C traceparent on every request
 * (standing for the browser's root span), must come out of the five processes as ONE connected
 * trace, exported over OTLP/HTTP JSON to a receiver this test owns, with the hops between the
 * services and across RabbitMQ (parent/child: packages/messaging stores the trace context with the
 * outbox row and the consumer continues it), database spans, and no secrets in any attribute.
 */
import { writeFileSync } from "node:fs";
import { waitFor } from "@preprint/test-support";
import { Api, newTraceparent, SpanKind, startSystem, type ReceivedSpan, type RunningSystem } from "../src";
import { freeSlots, item, payInSandbox, reserve, uploadPdf, waitForNotification, waitForStatus } from "./helpers";

let sys: RunningSystem;

beforeAll(async () => {
  sys = await startSystem({ traces: true });
}, 180_000);

afterAll(async () => {
  if (process.env.PREPRINT_SYSTEM_OUTPUT) process.stdout.write(sys?.output() ?? "");
  await sys?.stop();
}, 60_000);

interface Edge {
  from: ReceivedSpan;
  to: ReceivedSpan;
}

/** Parent → child pairs that cross a process boundary. */
function crossServiceEdges(spans: ReceivedSpan[]): Edge[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans.flatMap((to) => {
    const from = byId.get(to.parentSpanId);
    return from && from.service !== to.service ? [{ from, to }] : [];
  });
}

const httpHop = (from: string, to: string) => (e: Edge) =>
  e.from.service === from && e.from.kind === SpanKind.CLIENT && e.to.service === to && e.to.kind === SpanKind.SERVER;

const eventHop = (type: string, from: string, to: string) => (e: Edge) =>
  e.from.service === from &&
  e.from.kind === SpanKind.PRODUCER &&
  e.to.service === to &&
  e.to.kind === SpanKind.CONSUMER &&
  e.to.attributes["preprint.event.type"] === type;

const REQUIRED: Record<string, (e: Edge) => boolean> = {
  "gateway → reservation": httpHop("gateway", "reservation"),
  "gateway → payment": httpHop("gateway", "payment"),
  "gateway → notification": httpHop("gateway", "notification"),
  "payment → portone-sandbox (GET /payments/:paymentId)": (e) =>
    httpHop("payment", "portone-sandbox")(e) && e.to.attributes["http.route"] === "/payments/:paymentId",
  "payment → reservation (internal read at checkout)": (e) =>
    httpHop("payment", "reservation")(e) && String(e.to.attributes["http.route"]).startsWith("/internal/"),
  "portone-sandbox → gateway (webhook)": httpHop("portone-sandbox", "gateway"),
  "payment.approved: payment publish → reservation consume": eventHop("payment.approved", "payment", "reservation"),
  "reservation.confirmed: reservation publish → notification consume": eventHop("reservation.confirmed", "reservation", "notification"),
  "reservation.confirmed: reservation publish → printing consume": eventHop("reservation.confirmed", "reservation", "printing"),
  "printing → reservation (internal read of what to print)": (e) =>
    httpHop("printing", "reservation")(e) && String(e.to.attributes["http.route"]).startsWith("/internal/"),
};

function missingHops(spans: ReceivedSpan[]): string[] {
  const edges = crossServiceEdges(spans);
  return Object.entries(REQUIRED)
    .filter(([, match]) => !edges.some(match))
    .map(([name]) => name);
}

/** Spans whose parent is neither the test's root nor another span of the trace. */
function orphans(spans: ReceivedSpan[], rootSpanId: string): ReceivedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId !== rootSpanId && !ids.has(s.parentSpanId));
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Luhn check of a digit string (every card number passes it). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * 16 digits (grouped or not) that pass the Luhn check, outside UUIDs: an event id (UUID v7) ends in
 * 16 hex digits that are all decimal about once in 2,000 ids, which is not card data.
 */
function cardNumbers(text: string): string[] {
  return [...text.replace(UUID, "<uuid>").matchAll(/\b\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}\b/g)]
    .map((m) => m[0])
    .filter((m) => luhn(m.replace(/\D/g, "")));
}

/** Every attribute that carries a secret, a token, card data or header values. */
function findLeaks(all: ReceivedSpan[], secrets: string[]): string[] {
  const leaks: string[] = [];
  for (const s of all) {
    for (const [key, value] of Object.entries(s.attributes)) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      const where = `${s.service} "${s.name}" ${key}`;
      if (/authorization|cookie|header/i.test(key)) leaks.push(`${where}: header attribute`);
      if (secrets.some((secret) => text.includes(secret))) leaks.push(`${where}: carries a secret`);
      if (/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/.test(text)) leaks.push(`${where}: carries a JWT`);
      if (/\b(Bearer|PortOne) [\w.-]{8,}/.test(text)) leaks.push(`${where}: carries credentials`);
      if (/"(authorization|cookie|set-cookie)"\s*:/i.test(text)) leaks.push(`${where}: carries a header map`);
      if (cardNumbers(text).length > 0) leaks.push(`${where}: looks like a card number`);
      if (/\/\/[^/\s:@]+:(?!\*+@)[^@\s/]+@/.test(text)) leaks.push(`${where}: URL with a password`);
    }
  }
  return leaks;
}

test("when one booking runs through the whole system, then it is one connected trace with every service hop, event hop and database spans, and no secret in any attribute", async () => {
  const { traceparent, traceId, rootSpanId } = newTraceparent();
  const api = new Api(sys.baseUrl, { traceparent });

  const signup = await fetch(`${sys.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", traceparent },
    body: JSON.stringify({
      email: `trace.${Date.now()}@preprint.test`,
      password: "correct-horse-battery",
      name: "오하린",
      phone: "010-2222-3333",
    }),
  });
  expect(signup.status).toBe(201);
  const signed = await signup.json();
  const refreshCookie = (signup.headers.get("set-cookie") ?? "").split(";")[0]!.split("=").slice(1).join("=");
  const c = { email: signed.user.email, name: signed.user.name, token: signed.accessToken as string, userId: signed.user.id };

  const slot = (await freeSlots(api, sys.demo.storeId))[0]!;
  const upload = await uploadPdf(api, c.token, 2);
  const created = await reserve(api, c, sys.demo.storeId, slot.id, [item(upload, 1)]);
  expect(created.status).toBe(201);
  const checkout = await api.post("/api/payments/checkout", { reservationId: created.body.id, payMethod: "CARD" }, { token: c.token });
  expect(checkout.status).toBe(201);
  const paymentId = checkout.body.paymentId as string;
  expect((await payInSandbox(sys, paymentId, {}, traceparent)).status).toBe(200);
  expect((await api.post(`/api/payments/${paymentId}/complete`, {}, { token: c.token })).body.status).toBe("APPROVED");
  await waitForStatus(api, c, created.body.id, "CONFIRMED");
  await waitForNotification(api, c, "reservation.confirmed");

  // spans arrive in batches (OTEL_BSP_SCHEDULE_DELAY=100): wait until the picture is complete
  const otlp = sys.otlp!;
  await waitFor(
    () => {
      const spans = otlp.trace(traceId);
      return missingHops(spans).length === 0 && orphans(spans, rootSpanId).length === 0;
    },
    { timeoutMs: 20_000, intervalMs: 250, description: "complete trace" },
  ).catch(() => undefined);

  const spans = otlp.trace(traceId);
  if (process.env.PREPRINT_TRACE_DUMP) writeFileSync(process.env.PREPRINT_TRACE_DUMP, JSON.stringify(otlp.spans, null, 1));
  expect(otlp.rejected).toEqual([]);
  expect(missingHops(spans)).toEqual([]);

  // one connected trace: everything hangs off the test's root, through spans that were exported
  expect(orphans(spans, rootSpanId).map((s) => `${s.service}: ${s.name}`)).toEqual([]);
  expect(new Set(spans.map((s) => s.service))).toEqual(
    new Set(["gateway", "reservation", "payment", "notification", "printing", "portone-sandbox"]),
  );
  // …and nothing of this booking leaked into another trace
  const elsewhere = otlp.spans.filter((s) => s.traceId !== traceId && JSON.stringify(s.attributes).includes(paymentId));
  expect(elsewhere.map((s) => `${s.service}: ${s.name}`)).toEqual([]);

  // database spans in every service that owns a database
  for (const service of ["gateway", "reservation", "payment", "notification"]) {
    const db = spans.filter((s) => s.service === service && s.kind === SpanKind.CLIENT && s.attributes["db.system.name"] === "postgresql");
    expect({ service, dbSpans: db.length > 0 }).toEqual({ service, dbSpans: true });
  }

  // no token, secret, password, card number or header map in any attribute
  const secrets = [
    c.token,
    refreshCookie,
    sys.secrets.jwt,
    sys.secrets.internalJwt,
    sys.secrets.portoneApi,
    sys.secrets.portoneWebhook,
    "correct-horse-battery",
  ];
  expect(secrets.every((s) => s.length >= 16)).toBe(true);
  expect(findLeaks(otlp.spans, secrets)).toEqual([]);
  // the check itself bites: a span carrying an Authorization header or a token is reported
  const bad = {
    ...spans[0]!,
    attributes: {
      "http.request.header.authorization": [`Bearer ${c.token}`],
      "app.note": c.token,
      "app.card": "4242 4242 4242 4242",
      "app.event_id": "01a21adf-6a2c-9123-4567-890123456789",
    },
  };
  expect(findLeaks([bad], secrets)).toEqual(
    expect.arrayContaining([
      expect.stringContaining("http.request.header.authorization: header attribute"),
      expect.stringContaining("http.request.header.authorization: carries credentials"),
      expect.stringContaining("app.note: carries a secret"),
      expect.stringContaining("app.note: carries a JWT"),
      expect.stringContaining("app.card: looks like a card number"),
    ]),
  );
  // an event id whose tail is all digits is not a card number
  expect(findLeaks([bad], secrets).filter((l) => l.includes("app.event_id"))).toEqual([]);
});
