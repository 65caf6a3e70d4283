import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** busy time (idle samples left out) */
  totalMs: number;
  /** share of samples (0..1) by self time, heaviest first */
  topFunctions: { name: string; where: string; self: number }[];
  /** share by the package / node subsystem the sampled frame belongs to */
  byArea: { area: string; self: number }[];
  /** inclusive share of frames whose url or name matches each probe (a frame counted once per sample) */
  inclusive: Record<string, number>;
}

/** Which part of the stack a frame belongs to: a node_modules package, a node: internal module, or our code. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:"))
    return url
      .replace(/^node:internal\//, "node:")
      .split("/")
      .slice(0, 2)
      .join("/");
  const m = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

export function summariseProfile(file: string, probes: Record<string, RegExp> = {}, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfCount = new Map<number, number>();
  const weight = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    // idle time is not work: shares are of the time the process was busy
    if (byId.get(id)!.callFrame.functionName === "(idle)") return;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    weight.set(id, (weight.get(id) ?? 0) + dt);
    selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
  });
  const fn = new Map<string, { name: string; where: string; t: number }>();
  const area = new Map<string, number>();
  const incl: Record<string, number> = Object.fromEntries(Object.keys(probes).map((k) => [k, 0]));
  for (const [id, t] of weight) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const where = `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/\/work\/main\//, "")}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const e = fn.get(key) ?? { name: functionName || "(anonymous)", where, t: 0 };
    e.t += t;
    fn.set(key, e);
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + t);
    if (Object.keys(probes).length) {
      const hit = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const f = byId.get(cur)!.callFrame;
        for (const [k, re] of Object.entries(probes)) if (!hit.has(k) && re.test(`${f.url} ${f.functionName}`)) hit.add(k);
      }
      for (const k of hit) incl[k]! += t;
    }
  }
  const share = (t: number) => Math.round((t / total) * 1000) / 1000;
  return {
    totalMs: Math.round(total / 1000),
    topFunctions: [...fn.values()]
      .sort((a, b) => b.t - a.t)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, self: share(e.t) })),
    byArea: [...area.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => ({ area: k, self: share(t) })),
    inclusive: Object.fromEntries(Object.entries(incl).map(([k, t]) => [k, share(t)])),
  };
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: cpuprofile.js <file.cpuprofile>");
  const s = summariseProfile(file, {
    otel: /@opentelemetry|instrumentation/,
    "http-proxy-middleware/httpxy": /http-proxy-middleware|httpxy|http-proxy\//,
    pino: /pino|sonic-boom/,
    "token check": /token-check|@preprint\/auth|packages\/auth/,
    gc: /\(garbage collector\)/,
  });
  console.log(JSON.stringify(s, null, 1));
}
