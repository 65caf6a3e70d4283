import { execFileSync } from "node:child_process";
import path from "node:path";

const peak = (percent: string): number => {
  const out = execFileSync(process.execPath, [path.join(__dirname, "fixtures/heap-growth.js")], {
    env: { ...process.env, HEAP_GROWING_PERCENT: percent },
    encoding: "utf8",
  });
  return (JSON.parse(out) as { peakMiB: number }).peakMiB;
};

describe("tuneHeap", () => {
  it("when the old generation grows under a high allocation rate, then the default bound keeps the heap well below V8's own growth", () => {
    const v8Default = peak("0");
    const bounded = peak("");
    expect(bounded).toBeLessThan(v8Default * 0.8);
  });
});
