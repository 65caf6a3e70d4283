import { execFileSync } from "node:child_process";
import path from "node:path";

// Instrumentation does not work inside jest's module loader (docs/platform-notes.md N10): run a child process.
describe("metrics", () => {
  it("when a kit app served requests, then /metrics has HTTP duration per route template and domain counters", () => {
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_TRACES_EXPORTER: "", OTEL_METRICS_EXPORTER: "" };
    const text = execFileSync(process.execPath, [path.join(__dirname, "fixtures/metrics-server.js")], { env, encoding: "utf8" });
    expect(text).toMatch(/http_server_request_duration(_seconds)?_count\{[^}]*http_route="\/things\/:id"[^}]*\} 2/);
    expect(text).not.toContain("/things/123");
    expect(text).toMatch(/preprint_things_read(_total)?\{[^}]*kind="demo"[^}]*\} 2/);
  });
});
