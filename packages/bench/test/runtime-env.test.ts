import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dockerRuntimeEnv } from "../src/runtime-env";

describe("dockerRuntimeEnv", () => {
  it("when the runtime stage sets memory settings, then the bench takes exactly those (last stage, quoted values, continuation lines)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-docker-"));
    writeFileSync(
      path.join(dir, "Dockerfile"),
      [
        "FROM node AS build",
        "ENV MALLOC_ARENA_MAX=8 NODE_OPTIONS=--build-only",
        "FROM node AS runtime",
        "ENV NODE_ENV=production",
        "ENV MALLOC_ARENA_MAX=2 \\",
        '    NODE_OPTIONS="--max-semi-space-size=8 --stack-trace-limit=20" WEB_DIST_DIR=/app/public',
        'CMD ["node", "dist/main.js"]',
      ].join("\n"),
    );
    expect(dockerRuntimeEnv(dir)).toEqual({ MALLOC_ARENA_MAX: "2", NODE_OPTIONS: "--max-semi-space-size=8 --stack-trace-limit=20" });
    expect(dockerRuntimeEnv(path.join(dir, "missing"))).toEqual({});
  });
});
