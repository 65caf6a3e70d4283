import { execFileSync } from "node:child_process";
import path from "node:path";
import { idsFromEventData, idsFromPath } from "../src";

const run = (mode: string) => {
  const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_TRACES_EXPORTER: "", OTEL_METRICS_EXPORTER: "none" };
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "fixtures/ops-server.js"), mode], { env, encoding: "utf8" }));
};

describe("operational telemetry helpers", () => {
  it("when a request handles a reservation, then its SERVER span carries the domain ids and nothing that is not an id", () => {
    const { spans } = run("spans");
    const server = spans.find((s: { kind: number }) => s.kind === 1);
    expect(server.attributes).toMatchObject({
      "preprint.reservation.id": "rsv_01ABC",
      "preprint.payment.id": "pay_01J",
      "preprint.store.id": "sto_sinchon",
    });
    // an e-mail address is not an id: never put on a span
    expect(JSON.stringify(spans)).not.toContain("kim@example.com");
    const inner = spans.find((s: { name: string }) => s.name === "request handler");
    expect(inner.attributes["preprint.payment.id"]).toBe("pay_01J");
  });

  it("when /metrics is scraped, then the outbox and DLQ gauges are there, and a failing source does not fail the scrape", () => {
    const { first, second } = run("metrics");
    expect(first).toMatch(/^preprint_outbox_oldest_pending_age\{[^}]*\} 12\.5$/m);
    expect(first).toMatch(/^preprint_outbox_failed\{[^}]*\} 2$/m);
    expect(first).toMatch(/^preprint_messaging_dlq_depth\{[^}]*queue="svc\.dlq"[^}]*\} 3$/m);
    expect(first).not.toContain('queue="missing.dlq"');
    // the SDK keeps the last observed value of a series that was not observed this time
    expect(second).toMatch(/^preprint_outbox_oldest_pending_age\{[^}]*\} 12\.5$/m);
    expect(second).toMatch(/^preprint_messaging_dlq_depth\{[^}]*\} 3$/m);
  });

  it("reads only ids from event data and request paths", () => {
    expect(
      idsFromEventData({ reservationId: "r1", paymentId: "p1", customer: { email: "a@b.c", name: "김" }, store: { id: "s1", name: "x" } }),
    ).toEqual({
      reservationId: "r1",
      paymentId: "p1",
      refundId: undefined,
      storeId: "s1",
    });
    expect(idsFromPath("/api/payments/pay_1/complete?token=x", [[/^\/api\/payments\/([^/]+)/, "paymentId"]])).toEqual({
      paymentId: "pay_1",
    });
    expect(idsFromPath("/api/stores", [[/^\/api\/payments\/([^/]+)/, "paymentId"]])).toEqual({});
  });
});
