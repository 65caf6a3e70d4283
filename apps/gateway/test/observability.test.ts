import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { jsonLines, otlpEnv, startOtlpReceiver } from "@preprint/telemetry/testing";
import { waitFor, type TestDatabase } from "@preprint/test-support";
import { freePort, startApp, type AppProcess } from "@preprint/test-support/app-process";
import { JWT_SECRET, migratedDatabase, rawRequest, startBackend, token, type Backend } from "./helpers";

function newTraceparent(flags = "01"): { traceparent: string; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${spanId}-${flags}`, traceId, spanId };
}

// The built gateway as a child process: instrumentation does not work inside jest
// (docs/platform-notes.md N10).
jest.setTimeout(60_000);
let db: TestDatabase;
let backend: Backend;
let app: AppProcess;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let opsPort: number;

beforeAll(async () => {
  db = await migratedDatabase("gw_obs");
  backend = await startBackend();
  otlp = await startOtlpReceiver();
  opsPort = await freePort();
  app = await startApp({
    readyPath: "/health/live",
    name: "gateway",
    cwd: path.resolve(__dirname, ".."),
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      JWT_SECRET,
      GATEWAY_DATABASE_URL: db.url,
      RESERVATION_URL: backend.url,
      PAYMENT_URL: backend.url,
      NOTIFICATION_URL: backend.url,
      SCRYPT_LOG_N: "14",
      WEB_DIST_DIR: path.resolve(__dirname, "fixtures/no-such-dist"),
      // one worker: /metrics (operations port) and the API (public port) are two connections,
      // which the cluster could hand to two workers with metrics of their own
      GATEWAY_WORKERS: "1",
      OPS_PORT: String(opsPort),
      ...otlpEnv(otlp.url),
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await otlp?.close();
  await backend?.close();
  await db?.drop();
});

test("when a signed-in customer reads a reservation (token in the header and in the query), then the span has the id, the access log has trace ids and no query, and the token is nowhere", async () => {
  const t = await token({ sub: "usr_obs", role: "customer" });
  // a sampled caller (the browser's root span): reads are sampled at 10 % otherwise (ADR 0120)
  const res = await fetch(`${app.url}/api/reservations/rsv_gw_obs?access_token=${t}`, {
    headers: { authorization: `Bearer ${t}`, traceparent: newTraceparent().traceparent },
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { url: string }).url).toBe(`/reservations/rsv_gw_obs?access_token=${t}`);
  const requestId = res.headers.get("x-request-id");

  const server = await waitFor(
    () => otlp.spans.find((s) => s.service === "gateway" && s.kind === 2 && s.attributes["preprint.reservation.id"] === "rsv_gw_obs"),
    { timeoutMs: 10_000, description: "gateway server span with preprint.reservation.id" },
  );
  const line = await waitFor(() => jsonLines(app.output()).find((l) => l.msg === "http request" && l.request_id === requestId), {
    timeoutMs: 5_000,
    description: "gateway access log line",
  });
  expect(line).toMatchObject({
    level: "info",
    service: "gateway",
    path: "/api/reservations/rsv_gw_obs",
    status: 200,
    upstream: "reservation",
    trace_id: server.traceId,
  });
  const signature = t.split(".")[2]!;
  expect(app.output()).not.toContain(signature);
  expect(otlp.raw.join("\n")).not.toContain(signature);
  expect(app.output().toLowerCase()).not.toContain("authorization");
});

test("when a caller sends a sampled traceparent, then the gateway's SERVER span is its child, the CLIENT span the SERVER's, and the service receives the CLIENT span's context", async () => {
  const t = await token({ sub: "usr_obs", role: "customer" });
  const caller = newTraceparent();
  const before = BigInt(Date.now() - 50) * 1_000_000n;
  const res = await fetch(`${app.url}/api/payments/pay_gw_obs`, {
    headers: { authorization: `Bearer ${t}`, traceparent: caller.traceparent },
  });
  expect(res.status).toBe(200);
  await res.text();
  const after = BigInt(Date.now() + 50) * 1_000_000n;
  const seen = backend.seen.find((r) => r.url === "/payments/pay_gw_obs")!;
  const forwarded = String(seen.headers.traceparent);

  const spans = await waitFor(
    () => {
      const mine = otlp.spans.filter((s) => s.service === "gateway" && s.traceId === caller.traceId);
      return mine.length >= 2 ? mine : undefined;
    },
    { timeoutMs: 10_000, description: "gateway SERVER and CLIENT spans" },
  );
  const server = spans.find((s) => s.kind === 2)!;
  const client = spans.find((s) => s.kind === 3)!;
  expect(server).toMatchObject({ parentSpanId: caller.spanId, name: "GET /api/payments" });
  expect(server.attributes).toMatchObject({
    "http.response.status_code": 200,
    "http.route": "/api/payments",
    "preprint.payment.id": "pay_gw_obs",
  });
  expect(client).toMatchObject({ parentSpanId: server.spanId });
  expect(client.attributes).toMatchObject({ "http.response.status_code": 200, "server.port": backend.port });
  expect(forwarded).toBe(`00-${caller.traceId}-${client.spanId}-01`);
  // the spans are made after the response (ADR 0120) with the times things happened: each ends
  // after it started, the CLIENT call takes no longer than the SERVER span, both inside the test's
  // own window around the request. (Across two spans the SDK's wall-clock anchoring can differ by
  // a millisecond, so start and end are compared within a span.)
  const [ss, se, cs, ce] = [server.startTimeUnixNano, server.endTimeUnixNano, client.startTimeUnixNano, client.endTimeUnixNano].map(BigInt);
  expect({ serverEndsAfterStart: se! > ss!, clientEndsAfterStart: ce! > cs!, clientWithinServerDuration: ce! - cs! <= se! - ss! }).toEqual({
    serverEndsAfterStart: true,
    clientEndsAfterStart: true,
    clientWithinServerDuration: true,
  });
  expect({ inWindow: before <= ss! && se! <= after && before <= cs! && ce! <= after }).toEqual({ inWindow: true });
});

test("when requests arrive without a traceparent, then every write is traced and only a share of the reads (default sampler)", async () => {
  const t = await token({ sub: "usr_obs", role: "customer" });
  // 120 reads at 10 %: P(none sampled) = 0.9^120 ≈ 3e-6; a doubly applied ratio (1 %) would show as ~1
  const reads = 120;
  for (let i = 0; i < reads; i++) expect((await fetch(`${app.url}/api/stores/sto_read_${i}`)).status).toBe(200);
  const write = await fetch(`${app.url}/api/reservations`, {
    method: "POST",
    headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(write.status).toBe(200);
  await waitFor(() => otlp.spans.find((s) => s.service === "gateway" && s.kind === 2 && s.name === "POST /api/reservations"), {
    timeoutMs: 10_000,
    description: "the write's SERVER span",
  });
  // the reads the services were told are sampled (flag 01) all arrive too. Their export batches
  // need not arrive before the write's, so the test waits for them instead of assuming an order.
  const sampledReads = backend.seen.filter((r) => r.url.startsWith("/stores/sto_read_") && String(r.headers.traceparent).endsWith("-01"));
  const traceIdOf = (r: (typeof sampledReads)[number]) => String(r.headers.traceparent).split("-")[1];
  await waitFor(
    () => sampledReads.every((r) => otlp.spans.some((s) => s.service === "gateway" && s.kind === 2 && s.traceId === traceIdOf(r))),
    {
      timeoutMs: 10_000,
      description: "the SERVER span of every read forwarded as sampled",
    },
  );
  const traced = otlp.spans.filter(
    (s) => s.service === "gateway" && s.kind === 2 && String(s.attributes["url.path"]).startsWith("/api/stores/sto_read_"),
  );
  expect(traced.length).toBeLessThan(reads / 2);
  expect(traced.length).toBeGreaterThan(0);
  // the access log still has every request, with a trace id to quote
  const lines = jsonLines(app.output()).filter((l) => l.msg === "http request" && String(l.path).startsWith("/api/stores/sto_read_"));
  expect(lines).toHaveLength(reads);
  expect(lines.every((l) => typeof l.trace_id === "string" && l.trace_id.length === 32)).toBe(true);
  // each read's access line, the traceparent the service got and the span (if sampled) agree
  for (const line of lines) {
    const seen = backend.seen.find((r) => r.url === String(line.path).slice(4))!;
    const [, traceId, spanId, flags] = String(seen.headers.traceparent).split("-");
    expect(traceId).toBe(line.trace_id);
    const span = traced.find((x) => x.traceId === line.trace_id);
    if (span === undefined) {
      expect(flags).toBe("00");
      expect(spanId).toBe(line.span_id);
    } else {
      expect(flags).toBe("01");
      expect(line.span_id).toBe(span.spanId);
      expect(otlp.spans.find((x) => x.kind === 3 && x.parentSpanId === span.spanId)?.spanId).toBe(spanId);
    }
  }
});

test("when a caller sends a not-sampled traceparent, then nothing is recorded and the service receives the same trace id, not sampled, under the gateway's span id", async () => {
  const t = await token({ sub: "usr_obs", role: "customer" });
  const caller = newTraceparent("00");
  const res = await fetch(`${app.url}/api/payments/pay_gw_unsampled`, {
    headers: { authorization: `Bearer ${t}`, traceparent: caller.traceparent },
  });
  expect(res.status).toBe(200);
  const requestId = res.headers.get("x-request-id");
  const seen = backend.seen.find((r) => r.url === "/payments/pay_gw_unsampled")!;
  const [version, traceId, spanId, flags] = String(seen.headers.traceparent).split("-");
  expect({ version, traceId, flags }).toEqual({ version: "00", traceId: caller.traceId, flags: "00" });
  expect(spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(spanId).not.toBe(caller.spanId);
  // the access line quotes the trace and the span id the service was given
  const line = await waitFor(() => jsonLines(app.output()).find((l) => l.msg === "http request" && l.request_id === requestId), {
    timeoutMs: 5_000,
    description: "gateway access log line",
  });
  expect(line).toMatchObject({ trace_id: caller.traceId, span_id: spanId });
  // a later sampled request's spans are exported; none of this trace's ever are
  const after = newTraceparent();
  await fetch(`${app.url}/api/payments/pay_gw_after`, { headers: { authorization: `Bearer ${t}`, traceparent: after.traceparent } });
  await waitFor(() => otlp.spans.find((s) => s.service === "gateway" && s.traceId === after.traceId), {
    timeoutMs: 10_000,
    description: "the sampled request's spans",
  });
  expect(otlp.spans.filter((s) => s.traceId === caller.traceId)).toEqual([]);
});

test("when proxied requests are answered, then GET /metrics counts them per route, method and status in http.server.request.duration, with the SDK's buckets", async () => {
  const t = await token({ sub: "usr_obs", role: "customer" });
  // every request on one keep-alive connection: the gateway runs a worker per core, each with its
  // own metrics, and a connection stays with one worker
  const oneWorker = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (p: string, headers: Record<string, string> = {}) => rawRequest(app.url, { path: p, headers, agent: oneWorker });
  const count = async (status: number) => {
    const text = (await rawRequest(`http://127.0.0.1:${opsPort}`, { path: "/metrics" })).body;
    const line = text
      .split("\n")
      .find(
        (l) =>
          l.startsWith("http_server_request_duration_count{") &&
          l.includes('http_route="/api/notifications"') &&
          l.includes(`http_response_status_code="${status}"`) &&
          l.includes('http_request_method="GET"'),
      );
    return { text, n: line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1)) };
  };
  try {
    const before200 = (await count(200)).n;
    const before401 = (await count(401)).n;
    for (let i = 0; i < 3; i++) expect((await get("/api/notifications", { authorization: `Bearer ${t}` })).status).toBe(200);
    expect((await get("/api/notifications")).status).toBe(401);
    // the duration is recorded after the response (with the access line): wait until it is counted
    await waitFor(async () => ((await count(200)).n === before200 + 3 ? true : undefined), {
      timeoutMs: 5_000,
      description: "3 more 200s counted",
    });
    const { text, n } = await count(401);
    expect(n).toBe(before401 + 1);
    // one histogram under one HELP/TYPE, whichever side (express or proxy) recorded it
    expect(text.match(/^# TYPE http_server_request_duration histogram$/gm)).toHaveLength(1);
    const buckets = text
      .split("\n")
      .filter(
        (l) =>
          l.startsWith("http_server_request_duration_bucket{") &&
          l.includes('http_route="/api/notifications"') &&
          l.includes('http_response_status_code="200"'),
      )
      .map((l) => /le="([^"]+)"/.exec(l)![1]);
    expect(buckets).toEqual([
      "0.005",
      "0.01",
      "0.025",
      "0.05",
      "0.075",
      "0.1",
      "0.25",
      "0.5",
      "0.75",
      "1",
      "2.5",
      "5",
      "7.5",
      "10",
      "+Inf",
    ]);
  } finally {
    oneWorker.destroy();
  }
});
