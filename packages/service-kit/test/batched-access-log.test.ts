import { execFileSync } from "node:child_process";
import path from "node:path";
import pino from "pino";
import { accessLogger, batchedAccessLogger } from "../src";

// stdout of a child process: the batched logger writes to fd 1 itself
function run(script: string): string[] {
  const kit = path.resolve(__dirname, "../dist/index.js");
  const out = execFileSync(process.execPath, ["-e", `const kit = require(${JSON.stringify(kit)});\n${script}`], {
    env: { ...process.env, LOG_LEVEL: "info" },
  });
  return out.toString("utf8").trim().split("\n");
}

describe("batched access log", () => {
  it("when lines are logged, then they are written only at flush, whole and in order", () => {
    const lines = run(`
      const { log, flush } = kit.batchedAccessLogger(kit.createLogger("svc"));
      for (let i = 0; i < 3; i++) log.info({ n: i }, "http request");
      require("node:fs").writeSync(1, "MARK\\n");
      flush();
    `);
    expect(lines[0]).toBe("MARK");
    expect(lines.slice(1).map((l) => JSON.parse(l) as { n: number; service: string; msg: string })).toEqual(
      [0, 1, 2].map((n) => expect.objectContaining({ n, service: "svc", msg: "http request" })),
    );
  });

  it("when more lines than one write holds are logged, then every line still arrives whole", () => {
    const lines = run(`
      const { log, flush } = kit.batchedAccessLogger(kit.createLogger("svc"));
      for (let i = 0; i < 500; i++) log.info({ n: i, path: "/api/stores/" + "x".repeat(i % 97) }, "http request");
      flush();
    `);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it("when the process exits before a flush, then the held lines are still written", () => {
    const lines = run(`
      const { log } = kit.batchedAccessLogger(kit.createLogger("svc"));
      log.info({ n: 7 }, "http request");
      process.exit(0);
    `);
    expect(JSON.parse(lines[0]!)).toMatchObject({ n: 7 });
  });
});

describe("access line format", () => {
  // in-process: a logger that writes to a stream of ours gets each line on that stream at once
  function capture() {
    const lines: string[] = [];
    const stream = { write: (s: string) => void lines.push(s) };
    const logger = pino({ name: "gateway", base: { service: "gateway" } }, stream);
    return { logger, lines };
  }
  const withoutTime = (line: string) => line.replace(/,"time":"[^"]+"/, "");

  it("when a line is written, then it is the JSON pino writes for the same fields, strings that need escaping included", () => {
    const { logger, lines } = capture();
    const viaPino = accessLogger(logger);
    const { log } = batchedAccessLogger(logger);
    const cases = [
      {
        request_id: "3f2a9c1e-4b7d-4e8a-9c2f-1a2b3c4d5e6f",
        method: "GET",
        path: "/api/stores",
        status: 200,
        upstream: "reservation",
        duration_ms: 1.3,
        trace_id: "0af7651916cd43dd8448eb211c80319c",
        span_id: "b7ad6b7169203331",
      },
      { path: '/api/stores/"quoted"\\back', status: 404, upstream: undefined, duration_ms: 0 },
      { path: "/api/stores/\n\t\u0001\u007f", status: 502, duration_ms: -1.5 },
      { path: "/api/stores/강남점/😀", duration_ms: 1e21, big: Number.MAX_SAFE_INTEGER },
      { path: "", weird: Number.NaN, inf: Number.POSITIVE_INFINITY, ok: true, no: false },
      { ['k"ey']: "v", ["x".repeat(100)]: "y".repeat(500) },
    ];
    for (const fields of cases) {
      viaPino.info(fields, "http request");
      log.info(fields, "http request");
      viaPino.error(fields, 'msg "with" quotes');
      log.error(fields, 'msg "with" quotes');
    }
    expect(lines).toHaveLength(cases.length * 4);
    for (let i = 0; i < lines.length; i += 2) {
      expect(withoutTime(lines[i + 1]!)).toBe(withoutTime(lines[i]!));
      expect(JSON.parse(lines[i + 1]!)).toMatchObject({
        service: "gateway",
        name: "gateway",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it("when a string is not well-formed UTF-16 (a lone surrogate), then the line is still valid JSON", () => {
    const { logger, lines } = capture();
    batchedAccessLogger(logger).log.info({ path: "/api/\ud800x" }, "http request");
    expect(JSON.parse(lines[0]!)).toMatchObject({ path: "/api/\ud800x" });
  });

  it("when the logger's level is above a line's, then the line is not written", () => {
    const { logger, lines } = capture();
    logger.level = "error";
    const { log } = batchedAccessLogger(logger);
    log.info({ status: 200 }, "http request");
    log.error({ status: 502 }, "http request");
    expect(lines.map((l) => (JSON.parse(l) as { status: number }).status)).toEqual([502]);
  });
});
