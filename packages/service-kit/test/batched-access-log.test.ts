import { execFileSync } from "node:child_process";
import path from "node:path";

// stdout of a child process: the batched logger writes to fd 1 itself
function run(script: string): string[] {
  const kit = path.resolve(__dirname, "../dist/index.js");
  const out = execFileSync(process.execPath, ["-e", `const kit = require(${JSON.stringify(kit)});\n${script}`], { env: { ...process.env, LOG_LEVEL: "info" } });
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
    expect(lines.slice(1).map((l) => JSON.parse(l) as { n: number; service: string; msg: string })).toEqual([0, 1, 2].map((n) => expect.objectContaining({ n, service: "svc", msg: "http request" })));
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
