import path from "node:path";
import { waitFor, type TestDatabase } from "@preprint/test-support";
import { startApp, type AppProcess } from "@preprint/test-support/dist/app-process";
import { jsonLines, otlpEnv, startOtlpReceiver } from "@preprint/telemetry/dist/testing";
import { JWT_SECRET, migratedDatabase, startBackend, token, type Backend } from "./helpers";

// The built gateway as a child process: instrumentation does not work inside jest (STACK.md P12).
jest.setTimeout(60_000);
let db: TestDatabase;
let backend: Backend;
let app: AppProcess;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;

beforeAll(async () => {
  db = await migratedDatabase("gw_obs");
  backend = await startBackend();
  otlp = await startOtlpReceiver();
  app = await startApp({
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
  const res = await fetch(`${app.url}/api/reservations/rsv_gw_obs?access_token=${t}`, { headers: { authorization: `Bearer ${t}` } });
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
  expect(line).toMatchObject({ level: "info", service: "gateway", path: "/api/reservations/rsv_gw_obs", status: 200, upstream: "reservation", trace_id: server.traceId });
  const signature = t.split(".")[2]!;
  expect(app.output()).not.toContain(signature);
  expect(otlp.raw.join("\n")).not.toContain(signature);
  expect(app.output().toLowerCase()).not.toContain("authorization");
});
