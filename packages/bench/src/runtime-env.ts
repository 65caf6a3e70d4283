import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The runtime settings the bench copies from an app's Dockerfile, so it measures the app as it runs in production. */
const KEYS = new Set(["NODE_OPTIONS", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "HEAP_GROWING_PERCENT"]);

/**
 * `ENV K=V …` of the Dockerfile's last stage (the runtime image), restricted to the memory and V8
 * settings (docs/decisions/0122); {} when the app has no Dockerfile. Values may be double-quoted.
 */
export function dockerRuntimeEnv(appDir: string): Record<string, string> {
  const file = path.join(appDir, "Dockerfile");
  if (!existsSync(file)) return {};
  const text = readFileSync(file, "utf8").replace(/\\\r?\n/g, " ");
  const stages = text.split(/^FROM\s/m);
  const out: Record<string, string> = {};
  for (const line of stages[stages.length - 1]!.split("\n")) {
    const m = /^\s*ENV\s+(.*)$/.exec(line);
    if (!m) continue;
    for (const kv of m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
      if (KEYS.has(kv[1]!)) out[kv[1]!] = kv[3] ?? kv[2]!;
    }
  }
  return out;
}
