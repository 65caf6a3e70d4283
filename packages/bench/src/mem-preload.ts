/**
 * `NODE_OPTIONS=--require …/mem-preload.js` + BENCH_MEM_DIR: every 250 ms the app appends its
 * process.memoryUsage() (MiB) to `<dir>/<pid>.jsonl`, so the bench can say what the RSS it measures
 * is made of (V8 heap used/total, young generation, external/ArrayBuffers, the rest: code, native
 * allocations, WASM). Cheap (one sample per 250 ms), unref'd, only for the app itself (dist/main.js).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { getHeapSpaceStatistics } from "node:v8";

const dir = process.env.BENCH_MEM_DIR;
if (dir && /dist[/\\]main\.js$/.test(process.argv[1] ?? "")) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.jsonl`);
  const mib = (x: number) => Math.round((x / 1048576) * 10) / 10;
  setInterval(() => {
    const m = process.memoryUsage();
    const young = getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
    const line = {
      t: Date.now(),
      rss: mib(m.rss),
      heapTotal: mib(m.heapTotal),
      heapUsed: mib(m.heapUsed),
      young: mib(young),
      external: mib(m.external),
      arrayBuffers: mib(m.arrayBuffers),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 250).unref();
}
