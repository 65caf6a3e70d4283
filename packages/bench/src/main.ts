/**
 * `pnpm bench` (scripts/bench.sh builds first): starts the whole system with throwaway databases
 * and its own exchange (@preprint/system-tests' startSystem), then measures, in one run:
 *   1. the gateway against a bare Node proxy, nginx and the backend itself (wrk, interleaved);
 *   2. bookings end to end (open loop at the target rate, then a closed loop for the bound) and
 *      payment approved → reservation CONFIRMED from the services' own records;
 *   3. contention on one hot slot (201 vs 409, no oversell);
 *   4. each service's RSS idle and under load;
 * and, after the system stopped, the floors: a bare pg + amqplib pipeline and the messaging
 * package's outbox relay benchmark. Prints a table, writes bench/results/<timestamp>.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "pg";
import { Api, APP_NAMES, makePdf, seoulDate, startSystem, type RunningSystem } from "@preprint/system-tests";
import { AMQP_URL } from "@preprint/test-support";
import { barePipeline, type BarePipelineResult } from "./bare-pipeline";
import { closedLoop, openLoop, type BookingRunResult, type BookingWorld, type Customer } from "./booking";
import { contention, type ContentionResult } from "./contention";
import { summariseProfile, type ProfileSummary } from "./cpuprofile";
import { gatewayPhase, type GatewayPhaseResult } from "./gateway-phase";
import { hostilePhase, type HostileResult } from "./hostile";
import { memoryBreakdown, type MemSample } from "./mem-detail";
import { outboxBench, type OutboxBenchResult } from "./outbox";
import { CpuMeter, RssSampler, serverPids } from "./procs";
import { renderMarkdown, renderTable } from "./report";
import { dockerRuntimeEnv } from "./runtime-env";
import { round, sleep } from "./stats";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const num = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const quick = process.env.BENCH_QUICK === "1";
const cfg = {
  rounds: num("BENCH_ROUNDS", quick ? 1 : 3),
  wrkSeconds: num("BENCH_WRK_SECONDS", quick ? 2 : 4),
  wrkWarmupSeconds: num("BENCH_WRK_WARMUP_SECONDS", quick ? 1 : 3),
  // the gateway ratios are medians of per-round ratios: 5 rounds, so one noisy round cannot decide
  gatewayRounds: num("BENCH_GATEWAY_ROUNDS", quick ? 1 : 5),
  wrkConnections: num("BENCH_WRK_CONNECTIONS", 64),
  wrkThreads: num("BENCH_WRK_THREADS", 2),
  gatewayLogLevel: process.env.BENCH_GATEWAY_LOG_LEVEL ?? "info",
  bookingRate: num("BENCH_BOOKING_RATE", 50),
  bookingSeconds: num("BENCH_BOOKING_SECONDS", quick ? 4 : 15),
  closedConcurrency: num("BENCH_CLOSED_CONCURRENCY", 16),
  closedSeconds: num("BENCH_CLOSED_SECONDS", quick ? 4 : 10),
  customers: num("BENCH_CUSTOMERS", 8),
  hotSlotCapacity: num("BENCH_HOT_SLOT_CAPACITY", 100),
  hotSlotAttempts: num("BENCH_HOT_SLOT_ATTEMPTS", quick ? 200 : 600),
  hotSlotConcurrency: num("BENCH_HOT_SLOT_CONCURRENCY", 64),
  pipelineProducers: num("BENCH_PIPELINE_PRODUCERS", 16),
  pipelineSeconds: num("BENCH_PIPELINE_SECONDS", quick ? 2 : 3),
  outboxEvents: num("BENCH_OUTBOX_EVENTS", quick ? 5_000 : 20_000),
  outboxLatencySeconds: num("BENCH_OUTBOX_LATENCY_SECONDS", quick ? 3 : 5),
  outboxConsumerPool: num("BENCH_OUTBOX_CONSUMER_POOL", 20),
  hostile: {
    seconds: num("BENCH_HOSTILE_SECONDS", quick ? 6 : 15),
    bookingConcurrency: num("BENCH_HOSTILE_BOOKING_CONCURRENCY", num("BENCH_CLOSED_CONCURRENCY", 16)),
    uploadConcurrency: num("BENCH_HOSTILE_UPLOADS", 20),
    sseStreams: num("BENCH_HOSTILE_STREAMS", 500),
    ssePerAccount: num("BENCH_HOSTILE_STREAMS_PER_ACCOUNT", 4),
    bombInflatedMiB: num("BENCH_HOSTILE_BOMB_MIB", 300),
  },
};
/**
 * The system-tests harness makes background jobs tick fast so tests finish quickly; the bench runs
 * them at the apps' own defaults, as production does (their polling is part of what is measured).
 */
const PRODUCTION_CADENCE: Record<string, Record<string, string>> = {
  reservation: { EXPIRY_INTERVAL_MS: "5000" },
  notification: { EMAIL_POLL_MS: "1000" },
};

/** BENCH_PHASES=gateway,bookings,contention,hostile,pipeline,outbox (default: all) — to iterate on one part */
const phases = new Set((process.env.BENCH_PHASES ?? "gateway,bookings,contention,hostile,pipeline,outbox").split(",").map((s) => s.trim()));
const ADMIN_URL = process.env.PREPRINT_TEST_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const t0 = Date.now();
const log = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${m}\n`);

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface MemoryResult {
  /** MiB, per app; the gateway includes its cluster workers */
  idle: Record<string, number>;
  /** peak MiB while bookings and the hot-slot burst ran */
  underLoad: Record<string, number>;
  /** peak MiB of the bench's own gateway instance during the wrk runs */
  gatewayUnderWrk?: number;
  limitMiB: number;
  /** what the RSS peak under load is made of, per app (its largest process; MiB) */
  atPeak?: Record<string, MemSample & { pid: number }>;
}

export interface BenchResult {
  startedAt: string;
  durationSec: number;
  machine: { cpus: number; model: string; node: string; loadAvgAtStart: number[]; loadAvgAtEnd: number[] };
  config: typeof cfg;
  gateway?: GatewayPhaseResult;
  bookings: {
    openLoop?: BookingRunResult;
    closedLoop?: BookingRunResult;
    /** over the closed loop (and its confirmation tail): CPU ms each process spent per confirmed booking */
    cpuMsPerBooking?: Record<string, number>;
    targetMet?: { p99Under50ms: boolean; rateReached: boolean };
  };
  pipelineFloor?: BarePipelineResult;
  pipelineRatio?: number;
  contention?: ContentionResult;
  /** bookings while hostile uploads and a crowd of live-update streams go on */
  hostile?: HostileResult;
  outbox?: OutboxBenchResult;
  memory?: MemoryResult;
  /** BENCH_CPU_PROF=reservation,gateway,…: where each profiled app spent its busy time over the whole run */
  profiles?: Record<string, Pick<ProfileSummary, "totalMs" | "byArea" | "topFunctions">>;
  problems: string[];
}

async function setupWorld(
  sys: RunningSystem,
  api: Api,
  n: number,
): Promise<{ world: Omit<BookingWorld, "reservationDb" | "paymentDb">; hotSlotId: string }> {
  const storeId = sys.demo.storeId;
  const pdf = await makePdf(1);
  const customers: Customer[] = [];
  for (let i = 0; i < n; i++) {
    const email = `bench${i}.${Date.now().toString(36)}@preprint.test`;
    const s = await api.post("/api/auth/signup", { email, password: "bench-password-1234", name: `벤치${i}`, phone: "010-0000-0000" });
    if (s.status !== 201) throw new Error(`signup ${s.status} ${JSON.stringify(s.body)}`);
    const u = await api.upload("/api/uploads", s.body.accessToken, pdf, "bench.pdf");
    if (u.status !== 201) throw new Error(`upload ${u.status} ${JSON.stringify(u.body)}`);
    customers.push({ token: s.body.accessToken, uploadId: u.body.id });
  }
  const slotsOf = async (days: number) => {
    const r = await api.get(`/api/stores/${storeId}/slots?date=${seoulDate(days)}`);
    if (r.status !== 200 || !Array.isArray(r.body) || r.body.length === 0)
      throw new Error(`slots ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return (r.body as { id: string }[]).map((s) => s.id);
  };
  const slotIds = await slotsOf(1);
  const hotSlotId = (await slotsOf(2))[0]!;
  return { world: { api, sandbox: new Api(sys.urls["portone-sandbox"]), storeId, slotIds, customers }, hotSlotId };
}

async function main(): Promise<void> {
  const result: BenchResult = {
    startedAt: new Date(t0).toISOString(),
    durationSec: 0,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? "?",
      node: process.version,
      loadAvgAtStart: os.loadavg().map((x) => round(x, 1)),
      loadAvgAtEnd: [],
    },
    config: cfg,
    bookings: {},
    problems: [],
  };
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      const msg = `${what}: ${(err as Error).message}`;
      result.problems.push(msg.slice(0, 2000));
      log(`FAILED ${msg.slice(0, 2000)}`);
      return undefined;
    }
  };

  process.env.SYSTEM_LOG_LEVEL ??= "info";
  log(`starting the system (throwaway databases, own exchange; LOG_LEVEL=${process.env.SYSTEM_LOG_LEVEL})`);
  const profApps = (process.env.BENCH_CPU_PROF ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  const profDir = profApps.length ? mkdtempSync(path.join(os.tmpdir(), "preprint-bench-prof-")) : "";
  const preload = path.join(__dirname, "cpu-prof-preload.js");
  // every app samples its own heap vs RSS (mem-preload); profiled apps also run the profiler
  const memDir = mkdtempSync(path.join(os.tmpdir(), "preprint-bench-mem-"));
  // the memory/V8 settings of each app's Dockerfile runtime stage (BENCH_DOCKER_ENV=0: without them)
  const dockerEnv = (a: string) => (process.env.BENCH_DOCKER_ENV === "0" ? {} : dockerRuntimeEnv(path.join(REPO_ROOT, "apps", a)));
  const appEnv = Object.fromEntries(
    APP_NAMES.map((a) => [
      a,
      {
        ...dockerEnv(a),
        ...PRODUCTION_CADENCE[a],
        NODE_OPTIONS: [
          ...(dockerEnv(a).NODE_OPTIONS ? [dockerEnv(a).NODE_OPTIONS!] : []),
          `--require ${path.join(__dirname, "mem-preload.js")}`,
          ...(profApps.includes(a) ? [`--require ${preload}`] : []),
          ...(process.env.BENCH_NODE_OPTIONS ? [process.env.BENCH_NODE_OPTIONS] : []),
        ].join(" "),
        // BENCH_APP_ENV="K=V;K=V": extra env for every app (e.g. a memory setting under test)
        ...Object.fromEntries(
          (process.env.BENCH_APP_ENV ?? "")
            .split(";")
            .filter((kv) => kv.includes("="))
            .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
        ),
        BENCH_MEM_DIR: path.join(memDir, a),
        ...(profApps.includes(a) ? { BENCH_CPU_PROF_DIR: path.join(profDir, a) } : {}),
      },
    ]),
  );
  const sys = await startSystem({ holdMinutes: 15, readyTimeoutMs: 60_000, appEnv });
  const stopSystem = (() => {
    let p: Promise<void> | undefined;
    return () => (p ??= sys.stop().catch((err: Error) => void result.problems.push(`stop: ${err.message}`)));
  })();
  process.once("SIGINT", () => void stopSystem().then(() => process.exit(130)));
  const [rsvDbName, payDbName, , gwDbName] = sys.names.databases;
  const reservationDb = new Pool({ connectionString: dbUrl(rsvDbName!), max: 4 });
  const paymentDb = new Pool({ connectionString: dbUrl(payDbName!), max: 4 });
  const pids = Object.fromEntries(sys.apps.map((a) => [a.name, a.child.pid!]));
  let loadStart: number | undefined;
  let loadEnd: number | undefined;
  const sampler = new RssSampler(pids);
  try {
    const api = new Api(sys.baseUrl);
    log("setting up customers, uploads and slots");
    const { world: w0, hotSlotId } = await setupWorld(sys, api, cfg.customers);
    const world: BookingWorld = { ...w0, reservationDb, paymentDb };
    // the seed's slot capacities would cap the booking run, not the system: lift them for the run
    await reservationDb.query("UPDATE slots SET capacity = 1000000 WHERE id = ANY($1::text[])", [world.slotIds]);
    await sleep(2000);
    const idle = sampler.snapshot();
    log(
      `idle RSS MiB: ${Object.entries(idle)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(", ")}`,
    );

    log("gateway vs bare node proxy vs nginx vs direct");
    let gwPeak = 0;
    let gwSampler: RssSampler | undefined;
    if (phases.has("gateway"))
      result.gateway = await attempt("gateway", () =>
        gatewayPhase({
          repoRoot: REPO_ROOT,
          jwtSecret: sys.secrets.jwt,
          gatewayDatabaseUrl: dbUrl(gwDbName!),
          systemGatewayUrl: sys.baseUrl,
          rounds: cfg.gatewayRounds,
          seconds: cfg.wrkSeconds,
          warmupSeconds: cfg.wrkWarmupSeconds,
          connections: cfg.wrkConnections,
          threads: cfg.wrkThreads,
          gatewayLogLevel: cfg.gatewayLogLevel,
          onProcs: (p) => {
            gwSampler = new RssSampler({ gw: p["gateway (bench instance)"]! });
            gwSampler.start();
          },
          log,
        }).finally(() => {
          gwPeak = gwSampler?.stop().gw ?? 0;
        }),
      );

    sampler.start();
    loadStart = Date.now();
    if (phases.has("bookings")) {
      log(`bookings: open loop ${cfg.bookingRate}/s for ${cfg.bookingSeconds} s`);
      result.bookings.openLoop = await attempt("bookings open loop", () => openLoop(world, cfg.bookingRate, cfg.bookingSeconds));
      if (result.bookings.openLoop) log(JSON.stringify(result.bookings.openLoop));
      log(`bookings: closed loop, ${cfg.closedConcurrency} clients for ${cfg.closedSeconds} s`);
      const cpu = new CpuMeter({ ...pids, ...serverPids() });
      cpu.start();
      result.bookings.closedLoop = await attempt("bookings closed loop", () => closedLoop(world, cfg.closedConcurrency, cfg.closedSeconds));
      if (result.bookings.closedLoop) {
        result.bookings.cpuMsPerBooking = cpu.perUnit(result.bookings.closedLoop.confirmed);
        log(JSON.stringify(result.bookings.closedLoop));
        log(
          `CPU ms per confirmed booking: ${Object.entries(result.bookings.cpuMsPerBooking)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
        );
      }
    }
    if (phases.has("contention")) {
      log(`hot slot: ${cfg.hotSlotAttempts} one-page reservations, ${cfg.hotSlotConcurrency} at a time, capacity ${cfg.hotSlotCapacity}`);
      result.contention = await attempt("contention", () =>
        contention(world, hotSlotId, { capacity: cfg.hotSlotCapacity, attempts: cfg.hotSlotAttempts, concurrency: cfg.hotSlotConcurrency }),
      );
      if (result.contention) log(JSON.stringify(result.contention));
    }
    const underLoad = sampler.stop();
    loadEnd = Date.now();
    if (phases.has("hostile")) {
      const h = cfg.hostile;
      log(`hostile: ${h.uploadConcurrency} hostile uploaders and ${h.sseStreams} live streams while bookings go on`);
      result.hostile = await attempt("hostile", () =>
        hostilePhase(sys, world, h, { repoRoot: REPO_ROOT, calmBookingsPerSec: result.bookings.closedLoop?.bookingsPerSec, log }),
      );
      if (result.hostile) log(JSON.stringify(result.hostile));
    }
    result.memory = {
      idle: Object.fromEntries(Object.entries(idle).map(([k, v]) => [k, round(v)])),
      underLoad: Object.fromEntries(Object.entries(underLoad).map(([k, v]) => [k, round(v)])),
      gatewayUnderWrk: gwPeak ? round(gwPeak) : undefined,
      limitMiB: 200,
      atPeak: memoryBreakdown(memDir, [...APP_NAMES], loadStart ?? 0, loadEnd ?? Date.now()),
    };
    const ol = result.bookings.openLoop;
    if (ol) {
      result.bookings.targetMet = {
        p99Under50ms: ol.approvalToConfirmedMs.p99 <= 50,
        rateReached: ol.bookingsPerSec >= cfg.bookingRate * 0.95 && ol.failed === 0,
      };
    }
  } finally {
    await reservationDb.end().catch(() => undefined);
    await paymentDb.end().catch(() => undefined);
    log("stopping the system");
    await stopSystem();
  }
  for (const a of profApps) {
    await attempt(`profile of ${a}`, async () => {
      const files = readdirSync(path.join(profDir, a)).filter((f) => f.endsWith(".cpuprofile"));
      if (!files.length) throw new Error("no .cpuprofile written (did the app exit cleanly?)");
      // a clustered gateway writes one profile per process: summarise the busiest (a worker, not the primary)
      const summaries = files.map((f) => summariseProfile(path.join(profDir, a, f), {}, 15));
      const s = summaries.reduce((x, y) => (y.totalMs > x.totalMs ? y : x));
      (result.profiles ??= {})[a] = { totalMs: s.totalMs, byArea: s.byArea, topFunctions: s.topFunctions };
      log(
        `profile of ${a} (${profDir}/${a}): ${s.byArea
          .slice(0, 8)
          .map((x) => `${x.area} ${(x.self * 100).toFixed(1)}%`)
          .join(", ")}`,
      );
    });
  }

  // floors, measured on the machine without the system running
  if (phases.has("pipeline")) {
    log("bare pg + amqplib pipeline (the floor)");
    result.pipelineFloor = await attempt("bare pipeline", () =>
      barePipeline({ amqpUrl: AMQP_URL, producers: cfg.pipelineProducers, seconds: cfg.pipelineSeconds, rounds: cfg.rounds, log }),
    );
  }
  if (result.pipelineFloor && result.bookings.closedLoop) {
    result.pipelineRatio = round(result.bookings.closedLoop.bookingsPerSec / result.pipelineFloor.perSec, 2);
  }
  if (phases.has("outbox")) {
    log("outbox relay (pnpm --filter @preprint/messaging bench)");
    // a smaller consumer pool than its default 40: PostgreSQL here is shared with every other suite
    const env = {
      N: String(cfg.outboxEvents),
      LATENCY_SECONDS: String(cfg.outboxLatencySeconds),
      CONSUMER_POOL: String(cfg.outboxConsumerPool),
      AMQP_URL,
    };
    result.outbox = await outboxBench(REPO_ROOT, env);
    if (!result.outbox.ok) result.problems.push(`outbox bench: ${result.outbox.error}`);
  }

  result.durationSec = round((Date.now() - t0) / 1000);
  result.machine.loadAvgAtEnd = os.loadavg().map((x) => round(x, 1));
  const dir = path.join(REPO_ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, "-");
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(result, null, 2));
  writeFileSync(path.join(dir, `${stamp}.md`), renderMarkdown(result));
  process.stdout.write(`\n${renderTable(result)}\n`);
  log(`results: bench/results/${stamp}.json (+ .md, the section for docs/benchmarks.md)`);
  if (result.problems.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
