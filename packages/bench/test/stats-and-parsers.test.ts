import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { areaOf, summariseProfile } from "../src/cpuprofile";
import { parseVariant } from "../src/gateway-ab";
import { parseOutboxOutput } from "../src/outbox";
import { median, percentile } from "../src/stats";
import { parseWrkOutput } from "../src/wrk";

describe("statistics", () => {
  test("when samples are unsorted, then the median and nearest-rank percentiles come from the sorted order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe("wrk summary", () => {
  test("when wrk's done() hook printed its JSON line, then req/s, percentiles in ms and errors are read from it", () => {
    const out = [
      "Running 4s test @ http://127.0.0.1:1/x",
      "  2 threads and 64 connections",
      'WRKJSON {"requests":40000,"duration_us":4000000,"connect":0,"read":2,"write":0,"status":3,"timeout":1,"p50_us":1500,"p99_us":12250,"max_us":40000}',
    ].join("\n");
    const r = parseWrkOutput(out);
    expect(r.rps).toBe(10_000);
    expect(r.p50).toBe(1.5);
    expect(r.p99).toBe(12.25);
    expect(r.errors).toBe(6);
    expect(r.non2xx).toBe(3);
  });

  test("when wrk printed no summary line, then parsing fails with its output", () => {
    expect(() => parseWrkOutput("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(/no summary[\s\S]*Connection refused/);
  });
});

describe("messaging bench output", () => {
  test("when the messaging bench printed its JSON report after other lines, then the report is returned unchanged", () => {
    const r = parseOutboxOutput('$ tsc -p tsconfig.bench.json\n{\n  "throughput": { "endToEndEventsPerSecond": 4321 }\n}\n', 0);
    expect(r).toEqual({ ok: true, report: { throughput: { endToEndEventsPerSecond: 4321 } } });
  });

  test("when the messaging bench failed, then the result says so with the tail of its error", () => {
    const r = parseOutboxOutput("", 1, "error: sorry, too many clients already");
    expect(r.ok).toBe(false);
    expect(r.error).toContain("too many clients");
  });
});

describe("cpu profile summary", () => {
  test("when frames come from packages, node internals and our apps, then self time is attributed to each and idle time is left out", () => {
    expect(areaOf("file:///w/node_modules/.pnpm/x/node_modules/@opentelemetry/core/dist/a.cjs", "f")).toBe("@opentelemetry/core");
    expect(areaOf("node:internal/streams/readable", "read")).toBe("node:streams/readable");
    expect(areaOf("file:///work/main/apps/gateway/dist/gateway.js", "handle")).toBe("apps/gateway");
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: 0 }, children: [2, 3, 4] },
        { id: 2, callFrame: { functionName: "(idle)", url: "", lineNumber: 0 } },
        {
          id: 3,
          callFrame: { functionName: "handle", url: "file:///work/main/apps/gateway/dist/gateway.js", lineNumber: 9 },
          children: [5],
        },
        {
          id: 4,
          callFrame: { functionName: "startSpan", url: "file:///n/node_modules/@opentelemetry/sdk-trace/dist/Tracer.cjs", lineNumber: 41 },
        },
        { id: 5, callFrame: { functionName: "writev", url: "", lineNumber: 0 } },
      ],
      samples: [2, 2, 2, 2, 3, 4, 4, 5],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-prof-test-"));
    const file = path.join(dir, "p.cpuprofile");
    writeFileSync(file, JSON.stringify(profile));
    const s = summariseProfile(file, { gateway: /apps\/gateway/ });
    expect(s.totalMs).toBe(4); // the four idle samples do not count
    expect(s.byArea.find((a) => a.area === "@opentelemetry/sdk-trace")?.self).toBe(0.5);
    expect(s.topFunctions[0]).toMatchObject({ name: "startSpan", self: 0.5 });
    // writev ran under handle: the gateway's inclusive share counts it
    expect(s.inclusive.gateway).toBe(0.5);
  });
});

describe("gateway A/B variants", () => {
  it("when a variant names env after a colon, then each KEY=VALUE is kept whole, values with '=' included", () => {
    expect(parseVariant("/x/apps/gateway")).toEqual({ dir: "/x/apps/gateway", env: {} });
    expect(parseVariant("/x/apps/gateway:LOG_LEVEL=warn,NODE_OPTIONS=--max-semi-space-size=32")).toEqual({
      dir: "/x/apps/gateway",
      env: { LOG_LEVEL: "warn", NODE_OPTIONS: "--max-semi-space-size=32" },
    });
    expect(() => parseVariant("/x:NOVALUE")).toThrow(/KEY=VALUE/);
  });
});
