/**
 * `pnpm --filter @preprint/bench ab [--rounds N] [--seconds S] <gateway dir>[:KEY=V,…] <gateway dir>[:…] …`
 *
 * A/B of gateway builds: CPU per proxied request, the figure a ~5 % change must be judged by. The
 * gateway phase of `pnpm bench` cannot see such a change: between runs, the gateway's own CPU per
 * request moves by ~30 % with the VM's neighbours (docs/benchmarks.md). Here each build runs as one
 * worker pinned to CPU 0, the backend and wrk pinned to CPU 1, the builds interleaved round by
 * round (`wrk -t2 -c64`, GET /api/reservations with a Bearer token), CPU read from /proc. A
 * build's rounds then stay within ~±3 %, and the per-round ratio to the first build is reported.
 *
 * A build is an `apps/gateway` folder with `dist/` built, e.g. one from a `git worktree` of the
 * commit to compare against, after `pnpm install --offline && pnpm exec turbo run build`. `:K=V,…`
 * adds env to that variant (`apps/gateway:LOG_LEVEL=warn`, for an ablation).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { signAccessToken } from "@preprint/auth";
import { createTestDatabase, runMigrations } from "@preprint/test-support";
import { freePort } from "@preprint/test-support/app-process";
import { benchGatewayEnv } from "./gateway-phase";
import { cpuMs, startNodeServer, waitHttp } from "./procs";
import { median, round, sleep } from "./stats";
import { runWrk } from "./wrk";

interface Variant {
  label: string;
  dir: string;
  env: Record<string, string>;
  child?: ChildProcess;
  url?: string;
  cpu: number[];
  rps: number[];
}

/** `dir[:K=V,K=V]` (the value may contain `=`) */
export function parseVariant(spec: string): { dir: string; env: Record<string, string> } {
  const colon = spec.indexOf(":");
  // relative to where the command was typed (pnpm runs the script from packages/bench)
  const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), colon === -1 ? spec : spec.slice(0, colon));
  const env: Record<string, string> = {};
  if (colon !== -1) {
    for (const kv of spec
      .slice(colon + 1)
      .split(",")
      .filter(Boolean)) {
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new Error(`not KEY=VALUE: ${kv}`);
      env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  }
  return { dir, env };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let rounds = 8;
  let seconds = 3;
  const specs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--rounds") rounds = Number(args[++i]);
    else if (args[i] === "--seconds") seconds = Number(args[++i]);
    else if (args[i] !== "--") specs.push(args[i]!);
  }
  if (specs.length < 2 || !(rounds > 0) || !(seconds > 0)) {
    console.error("usage: gateway-ab.js [--rounds N] [--seconds S] <gateway dir>[:K=V,…] <gateway dir>[:K=V,…] …");
    process.exit(2);
  }
  const secret = `ab-${Date.now()}-0123456789abcdef0123456789abcdef`;
  const db = await createTestDatabase("gw_ab");
  const variants: Variant[] = specs.map((s) => ({ label: s, ...parseVariant(s), cpu: [], rps: [] }));
  let backend: Awaited<ReturnType<typeof startNodeServer>> | undefined;
  try {
    await runMigrations(variants[0]!.dir, db.url);
    backend = await startNodeServer("backend", "backend.js", await freePort());
    execFileSync("taskset", ["-p", "-c", "1", String(backend.pid)], { stdio: "ignore" });
    for (const v of variants) {
      const port = await freePort();
      v.child = spawn("taskset", ["-c", "0", process.execPath, "dist/main.js"], {
        cwd: v.dir,
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          ...benchGatewayEnv({
            appDir: v.dir,
            logLevel: "info",
            workers: "1",
            jwtSecret: secret,
            databaseUrl: db.url,
            backendUrl: backend.url,
          }),
          ...v.env,
          PORT: String(port),
        },
      });
      v.url = `http://127.0.0.1:${port}`;
    }
    // the gateway's readiness is on its operations port; its public port answers liveness
    for (const v of variants) await waitHttp(`${v.url}/health/live`, 30_000, v.child, (status) => status === 200);
    // valid for the whole run (the default 15 minutes would turn a long A/B into a 401 benchmark)
    const token = await signAccessToken({ sub: "usr_ab", role: "customer", email: "ab@preprint.test", name: "ab" }, secret, 24 * 3600);
    const headers = { Authorization: `Bearer ${token}` };
    const wrk = (v: Variant, s: number) => runWrk({ url: `${v.url}/api/reservations`, headers, durationSec: s, cpus: "1" });
    for (const v of variants) {
      const r = await wrk(v, 3); // JIT warm-up
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${v.label}: ${r.non2xx} non-2xx, ${r.errors} errors in the warm-up`);
    }
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const before = cpuMs(v.child!.pid!);
        const res = await wrk(v, seconds);
        if (res.non2xx > 0 || res.errors > 0) throw new Error(`${v.label}: ${res.non2xx} non-2xx, ${res.errors} errors`);
        v.cpu.push(((cpuMs(v.child!.pid!) - before) * 1000) / res.requests);
        v.rps.push(res.rps);
      }
      console.log(`round ${r + 1}/${rounds}: ${variants.map((v) => `${v.cpu[r]!.toFixed(1)} µs`).join("  ")}`);
    }
    const base = variants[0]!;
    console.log(`\nCPU µs per proxied request (1 worker on CPU 0; backend and wrk on CPU 1), ${rounds} rounds of ${seconds} s:`);
    for (const v of variants) {
      const ratios = v.cpu.map((c, i) => c / base.cpu[i]!);
      const better = ratios.filter((x) => x < 1).length;
      console.log(
        `${v.label}\n    median ${round(median(v.cpu), 1)} µs, req/s ${Math.round(median(v.rps))}` +
          (v === base ? "" : `, ÷ first per round: median ${round(median(ratios), 3)}, cheaper in ${better} of ${rounds} rounds`),
      );
    }
  } finally {
    for (const v of variants) v.child?.kill("SIGTERM");
    await backend?.stop();
    await sleep(500);
    await db.drop().catch(() => {});
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
