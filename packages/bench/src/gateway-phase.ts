import os from "node:os";
import path from "node:path";
import { signAccessToken } from "@preprint/auth";
import { freePort } from "@preprint/test-support/app-process";
import { cpuMs, startBuiltApp, startNginx, startNodeServer, type Proc } from "./procs";
import { dockerRuntimeEnv } from "./runtime-env";
import { median, round } from "./stats";
import { runWrk, type WrkResult } from "./wrk";

export interface VariantSummary {
  variant: string;
  description: string;
  /** medians over the rounds */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU time the variant's processes used per request (user + system, all workers), µs; robust on a loaded machine */
  cpuUsPerRequest?: number;
  runs: (WrkResult & { cpuUsPerRequest?: number })[];
}

export interface GatewayPhaseResult {
  method: string;
  variants: VariantSummary[];
  /** medians of the per-round ratios (each round runs every variant back to back) */
  ratios: {
    gatewayRpsVsBareProxy: number;
    gatewayP99VsBareProxy: number;
    /** the same gateway build with GATEWAY_WORKERS=1: process against process */
    gateway1RpsVsBareProxy: number;
    gateway1P99VsBareProxy: number;
    /** bare proxy CPU per request ÷ gateway CPU per request: the per-core cost ratio, independent of how busy the machine was */
    bareCpuVsGatewayCpu: number;
    gatewayRpsVsNginx: number;
    bareProxyRpsVsNginx: number;
    nginxRpsVsDirect: number;
    /** the lean reference design (node:http → JWT check → hpm, as many workers as the gateway) ÷ bare proxy: what this machine lets any hpm gateway reach */
    leanRpsVsBareProxy: number;
    /** gateway ÷ that lean design, same worker count: what the gateway's own per-request features cost */
    gatewayRpsVsLean: number;
  };
  targets: { rpsAtLeast08xBare: boolean; p99Within2xBare: boolean };
  /** pids of the bench's own gateway process (for memory) */
  pids: Record<string, number>;
  /** worker count of the "gateway" variant (the app's default: one per usable core) */
  gatewayWorkers: number;
}

export interface GatewayPhaseOptions {
  repoRoot: string;
  jwtSecret: string;
  gatewayDatabaseUrl: string;
  /** the system's own gateway (full path to the reservation service), measured for reference */
  systemGatewayUrl: string;
  rounds: number;
  seconds: number;
  /** load per variant before the measured rounds (JIT warm-up) */
  warmupSeconds: number;
  connections: number;
  threads: number;
  gatewayLogLevel: string;
  onProcs?: (pids: Record<string, number>) => void;
  log: (msg: string) => void;
}

/**
 * The env of a gateway build measured against a bare backend: production settings, the memory/V8
 * settings of its Dockerfile (as in production), every service URL pointing at the backend, rate
 * limits off (one client IP and one user would turn the benchmark into a 429 benchmark).
 */
export function benchGatewayEnv(o: {
  appDir: string;
  logLevel: string;
  workers?: string;
  jwtSecret: string;
  databaseUrl: string;
  backendUrl: string;
}): Record<string, string> {
  return {
    ...(process.env.BENCH_DOCKER_ENV === "0" ? {} : dockerRuntimeEnv(o.appDir)),
    NODE_ENV: "production",
    LOG_LEVEL: o.logLevel,
    OTEL_TRACES_EXPORTER: "none",
    OTEL_METRICS_EXPORTER: "none",
    ...(o.workers ? { GATEWAY_WORKERS: o.workers } : {}),
    JWT_SECRET: o.jwtSecret,
    GATEWAY_DATABASE_URL: o.databaseUrl,
    RESERVATION_URL: o.backendUrl,
    PAYMENT_URL: o.backendUrl,
    NOTIFICATION_URL: o.backendUrl,
    RATE_LIMIT_IP_RPS: "0",
    RATE_LIMIT_USER_RPS: "0",
    // operations port on any free port: two gateways run side by side and nothing here scrapes them
    OPS_PORT: "0",
  };
}

/**
 * Four ways of answering GET <path> from one bare backend (node:http, 200 B), interleaved: each
 * round runs every variant once, in a rotated order, so a noisy neighbour on the 2 shared cores
 * hits all of them alike; ratios are taken inside a round and the median of the rounds reported.
 */
export async function gatewayPhase(o: GatewayPhaseOptions): Promise<GatewayPhaseResult> {
  const procs: Proc[] = [];
  try {
    const backend = await startNodeServer("backend", "backend.js", await freePort());
    procs.push(backend);
    const bare = await startNodeServer("bare-proxy", "bare-proxy.js", await freePort(), [backend.url]);
    procs.push(bare);
    const nginx = await startNginx(await freePort(), Number(new URL(backend.url).port));
    procs.push(nginx);
    const gatewayWorkers = Number(process.env.BENCH_GATEWAY_WORKERS ?? os.availableParallelism());
    // the lean reference design, on the gateway's worker count: the ceiling for a node:http + hpm gateway
    const lean = await startNodeServer("lean hpm proxy", "lean-proxy.js", await freePort(), [
      backend.url,
      o.jwtSecret,
      String(gatewayWorkers),
    ]);
    procs.push(lean);
    // the real gateway build, production settings, in front of the same bare backend: GET
    // /api/reservations is a "user" route, so the access token is checked on every request.
    // "gateway" runs the app's default worker count (one per usable core); "gateway 1 worker" is
    // the same build as one process, the like-for-like comparison with the 1-process bare proxy.
    const gatewayEnv = (workers?: string) =>
      benchGatewayEnv({
        appDir: path.join(o.repoRoot, "apps/gateway"),
        logLevel: o.gatewayLogLevel,
        workers,
        jwtSecret: o.jwtSecret,
        databaseUrl: o.gatewayDatabaseUrl,
        backendUrl: backend.url,
      });
    const gw = await startBuiltApp(
      "gateway",
      path.join(o.repoRoot, "apps/gateway"),
      gatewayEnv(process.env.BENCH_GATEWAY_WORKERS),
      await freePort(),
      "/health/live",
    );
    procs.push(gw);
    const gw1 = await startBuiltApp(
      "gateway 1 worker",
      path.join(o.repoRoot, "apps/gateway"),
      gatewayEnv("1"),
      await freePort(),
      "/health/live",
    );
    procs.push(gw1);
    o.onProcs?.({ "gateway (bench instance)": gw.pid, "bare-proxy": bare.pid, backend: backend.pid });

    const token = await signAccessToken({ sub: "usr_bench", role: "customer", email: "bench@preprint.test", name: "벤치" }, o.jwtSecret);
    const auth = { Authorization: `Bearer ${token}` };
    const variants: { variant: string; description: string; url: string; headers?: Record<string, string>; pid: number }[] = [
      { variant: "backend direct", description: "wrk → backend", url: `${backend.url}/reservations`, pid: backend.pid },
      {
        variant: "bare node proxy",
        description: "node:http + keep-alive agent, 1 process",
        url: `${bare.url}/reservations`,
        pid: bare.pid,
      },
      {
        variant: "nginx",
        description: "1 worker, upstream keepalive 64, access_log off",
        url: `${nginx.url}/reservations`,
        pid: nginx.pid,
      },
      {
        variant: "lean hpm proxy",
        description: `the lean reference design: node:http → JWT check → http-proxy-middleware, nothing else; ${gatewayWorkers} workers`,
        url: `${lean.url}/api/reservations`,
        headers: auth,
        pid: lean.pid,
      },
      {
        variant: "gateway",
        description: `apps/gateway, default workers (${gatewayWorkers}), token checked on every request, LOG_LEVEL=${o.gatewayLogLevel}, default sampler`,
        url: `${gw.url}/api/reservations`,
        headers: auth,
        pid: gw.pid,
      },
      {
        variant: "gateway 1 worker",
        description: "the same, GATEWAY_WORKERS=1",
        url: `${gw1.url}/api/reservations`,
        headers: auth,
        pid: gw1.pid,
      },
    ];
    const wrk = (url: string, headers?: Record<string, string>, seconds = o.seconds) =>
      runWrk({ url, headers, durationSec: seconds, connections: o.connections, threads: o.threads });

    // sanity: every variant answers 200 with the backend's body (a 401/429 benchmark is no benchmark)
    for (const v of variants) {
      const res = await fetch(v.url, { headers: v.headers });
      const body = await res.text();
      if (res.status !== 200 || !body.startsWith('{"ok":true')) throw new Error(`${v.variant}: ${res.status} ${body.slice(0, 200)}`);
    }
    // V8 optimises the gateway's larger code later than the bare proxy's: after 1 s of warm-up the
    // first round still ran the gateway at ~1.3× its steady CPU per request (bare proxy: unchanged),
    // so every variant gets `warmupSeconds` of the same load before the measured rounds
    o.log(`warm-up (${o.warmupSeconds} s each)`);
    for (const v of variants) await wrk(v.url, v.headers, o.warmupSeconds);

    const runs = new Map<string, WrkResult[]>(variants.map((v) => [v.variant, []]));
    const perRound: Record<string, WrkResult>[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const round_: Record<string, WrkResult> = {};
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + r) % variants.length]!;
        const cpu0 = cpuMs(v.pid);
        const res: WrkResult & { cpuUsPerRequest?: number } = await wrk(v.url, v.headers);
        // the proxy's own CPU per request (the backend's is not counted for proxies)
        res.cpuUsPerRequest = res.requests > 0 ? round(((cpuMs(v.pid) - cpu0) * 1000) / res.requests, 1) : undefined;
        round_[v.variant] = res;
        runs.get(v.variant)!.push(res);
        o.log(
          `round ${r + 1}/${o.rounds} ${v.variant.padEnd(16)} ${Math.round(res.rps)} req/s  p99 ${res.p99.toFixed(1)} ms  cpu ${res.cpuUsPerRequest ?? "?"} µs/req${res.errors ? `  errors ${res.errors}` : ""}`,
        );
      }
      perRound.push(round_);
    }

    // for reference: the system's own gateway → the real reservation service → PostgreSQL
    const sys = await wrk(`${o.systemGatewayUrl}/api/stores`, auth);
    o.log(`system gateway → reservation GET /api/stores: ${Math.round(sys.rps)} req/s p99 ${sys.p99.toFixed(1)} ms`);

    const summaries: VariantSummary[] = variants.map((v) => {
      const rs = runs.get(v.variant)!;
      return {
        variant: v.variant,
        description: v.description,
        rps: round(median(rs.map((x) => x.rps))),
        p50Ms: round(median(rs.map((x) => x.p50)), 2),
        p99Ms: round(median(rs.map((x) => x.p99)), 2),
        errors: rs.reduce((a, x) => a + x.errors, 0),
        cpuUsPerRequest: round(median(rs.map((x) => (x as { cpuUsPerRequest?: number }).cpuUsPerRequest ?? NaN)), 1),
        runs: rs,
      };
    });
    summaries.push({
      variant: "system gateway → reservation",
      description: "GET /api/stores through the running system (real service + PostgreSQL), 1 run, reference only",
      rps: round(sys.rps),
      p50Ms: round(sys.p50, 2),
      p99Ms: round(sys.p99, 2),
      errors: sys.errors,
      runs: [sys],
    });
    const ratio = (f: (r: Record<string, WrkResult>) => number) => round(median(perRound.map(f)), 2);
    const ratios = {
      gatewayRpsVsBareProxy: ratio((r) => r["gateway"]!.rps / r["bare node proxy"]!.rps),
      gatewayP99VsBareProxy: ratio((r) => r["gateway"]!.p99 / r["bare node proxy"]!.p99),
      gateway1RpsVsBareProxy: ratio((r) => r["gateway 1 worker"]!.rps / r["bare node proxy"]!.rps),
      gateway1P99VsBareProxy: ratio((r) => r["gateway 1 worker"]!.p99 / r["bare node proxy"]!.p99),
      bareCpuVsGatewayCpu: ratio(
        (r) =>
          ((r["bare node proxy"] as { cpuUsPerRequest?: number }).cpuUsPerRequest ?? NaN) /
          ((r["gateway 1 worker"] as { cpuUsPerRequest?: number }).cpuUsPerRequest ?? NaN),
      ),
      gatewayRpsVsNginx: ratio((r) => r["gateway"]!.rps / r["nginx"]!.rps),
      bareProxyRpsVsNginx: ratio((r) => r["bare node proxy"]!.rps / r["nginx"]!.rps),
      nginxRpsVsDirect: ratio((r) => r["nginx"]!.rps / r["backend direct"]!.rps),
      leanRpsVsBareProxy: ratio((r) => r["lean hpm proxy"]!.rps / r["bare node proxy"]!.rps),
      gatewayRpsVsLean: ratio((r) => r["gateway"]!.rps / r["lean hpm proxy"]!.rps),
    };
    return {
      method: `wrk -t${o.threads} -c${o.connections} -d${o.seconds}s, ${o.rounds} interleaved rounds, medians; backend = node:http returning 200 B; GET /reservations (gateway: /api/reservations with a Bearer access token)`,
      variants: summaries,
      ratios,
      targets: { rpsAtLeast08xBare: ratios.gatewayRpsVsBareProxy >= 0.8, p99Within2xBare: ratios.gatewayP99VsBareProxy <= 2 },
      pids: { gateway: gw.pid, "gateway 1 worker": gw1.pid },
      gatewayWorkers,
    };
  } finally {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
  }
}
