import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface MemSample {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  young: number;
  external: number;
  arrayBuffers: number;
}

/** Per app: the sample with the highest RSS in [from, to] of its largest process (MiB). */
export function memoryBreakdown(root: string, apps: string[], from: number, to: number): Record<string, MemSample & { pid: number }> {
  const out: Record<string, MemSample & { pid: number }> = {};
  for (const app of apps) {
    const dir = path.join(root, app);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".jsonl"))) {
      const pid = Number(f.split(".")[0]);
      for (const line of readFileSync(path.join(dir, f), "utf8").split("\n")) {
        if (!line) continue;
        const s = JSON.parse(line) as MemSample;
        if (s.t < from || s.t > to) continue;
        if (!out[app] || s.rss > out[app].rss) out[app] = { ...s, pid };
      }
    }
  }
  return out;
}
