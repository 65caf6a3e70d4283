import { execFileSync } from "node:child_process";
import path from "node:path";
import { exportConfigured } from "../src";

describe("telemetry bootstrap", () => {
  it("when no OTEL_* exporter is configured, then spans still carry the caller's trace and nothing is exported", () => {
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_TRACES_EXPORTER: "" };
    const out = execFileSync(process.execPath, [path.join(__dirname, "fixtures/traced-server.js")], { env, encoding: "utf8" });
    const seen = JSON.parse(out);
    expect(seen.traceId).toBe(seen.callerTraceId);
    expect(seen.traceId).not.toMatch(/^0+$/);
    expect(seen.recording).toBe(true);
    // EventSource clients put the access token in the URL: it never reaches a span
    expect(seen.query).toBe("access_token=REDACTED&a=1");
  });

  it("decides export only from the standard variables", () => {
    expect(exportConfigured({})).toBe(false);
    expect(exportConfigured({ OTEL_TRACES_EXPORTER: "none" })).toBe(false);
    expect(exportConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
  });
});
