import { readFileSync } from "node:fs";
import path from "node:path";
import type { RunningSystem } from "@preprint/system-tests";
import { closedLoop, type BookingRunResult, type BookingWorld } from "./booking";
import {
  decompressionBomb,
  HOSTILE_KINDS,
  sendAborted,
  sendBomb,
  sendSlow,
  type HostileKind,
  type HostileOutcome,
} from "./hostile-uploads";
import { childrenOf, RssSampler } from "./procs";
import { SseCrowd, type SseCrowdResult } from "./sse-crowd";
import { median, percentile, round, sleep } from "./stats";

/**
 * Bookings under attack: a closed loop of bookings runs while `uploadConcurrency` clients keep
 * sending hostile uploads (a decompression bomb, a 29 MB upload dropped after 20 MB, a slowloris
 * trickle) and `sseStreams` live-update streams stay open, spread over accounts the way browser
 * tabs are. What must hold: bookings still confirm (reported as a ratio to the same run's closed
 * loop without the attack), no app process restarts, every app's RSS (its whole process tree, what
 * its container's limit counts) stays under the limit its Kubernetes manifest sets, and the
 * services' liveness probe keeps answering.
 */
export interface HostileConfig {
  seconds: number;
  bookingConcurrency: number;
  uploadConcurrency: number;
  sseStreams: number;
  ssePerAccount: number;
  bombInflatedMiB: number;
}

export interface ProbeResult {
  samples: number;
  /** no 200 within the probe's 3 s timeout (the Kubernetes manifests' timeoutSeconds) */
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface HostileResult {
  config: HostileConfig;
  bookings?: BookingRunResult;
  /** confirmed bookings/s under attack ÷ the same run's closed loop without it */
  bookingsVsCalm?: number;
  uploads: { sent: number; byKind: Record<string, Record<string, number>>; msByKind: Record<string, { p50: number; p99: number }> };
  sse: SseCrowdResult & { openAtEnd: number };
  /** GET /health/live straight to each service, every 250 ms during the attack */
  liveness: Record<string, ProbeResult>;
  /** apps whose process, or one of whose cluster workers, was replaced or exited during the attack */
  restarts: string[];
  rssPeakMiB: Record<string, number>;
  limitMiB: Record<string, number>;
}

/** The memory limit each app's Deployment sets (infra/k8s/base/apps/<app>.yaml), in MiB. */
export function manifestMemoryLimits(repoRoot: string, apps: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const app of apps) {
    let text: string;
    try {
      text = readFileSync(path.join(repoRoot, "infra/k8s/base/apps", `${app}.yaml`), "utf8");
    } catch {
      continue;
    }
    const m = /limits:\s*\n(?:\s+cpu:.*\n)?\s+memory:\s*(\d+)(Mi|Gi)/.exec(text) ?? /limits:\s*\{[^}]*memory:\s*(\d+)(Mi|Gi)/.exec(text);
    if (m) out[app] = Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
  }
  return out;
}

class LivenessProbe {
  private readonly times: number[] = [];
  private failures = 0;
  private stopped = false;
  private loop?: Promise<void>;
  constructor(private readonly url: string) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const t0 = Date.now();
        try {
          const r = await fetch(this.url, { signal: AbortSignal.timeout(3000) });
          await r.arrayBuffer();
          if (r.status === 200) this.times.push(Date.now() - t0);
          else this.failures++;
        } catch {
          this.failures++;
        }
        await sleep(250);
      }
    })();
  }

  async stop(): Promise<ProbeResult> {
    this.stopped = true;
    await this.loop;
    return {
      samples: this.times.length + this.failures,
      failures: this.failures,
      p50Ms: round(median(this.times)),
      p99Ms: round(percentile(this.times, 99)),
      maxMs: this.times.length ? Math.max(...this.times) : NaN,
    };
  }
}

/** Every pid of an app: its process and its direct children (a clustered gateway's workers). */
function pidsOf(pid: number): number[] {
  return [pid, ...childrenOf(pid)].sort((a, b) => a - b);
}

async function signupMany(sys: RunningSystem, n: number, log: (m: string) => void): Promise<string[]> {
  const tokens: string[] = [];
  const tag = Date.now().toString(36);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        const r = await fetch(`${sys.baseUrl}/api/auth/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: `crowd${i}.${tag}@preprint.test`,
            password: "bench-password-1234",
            name: `관객${i}`,
            phone: "010-0000-0000",
          }),
        });
        const body = (await r.json()) as { accessToken?: string };
        if (r.status !== 201 || !body.accessToken)
          throw new Error(`signup for the stream crowd: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
        tokens.push(body.accessToken);
      }
    }),
  );
  log(`  ${n} accounts for the stream crowd signed up`);
  return tokens;
}

export async function hostilePhase(
  sys: RunningSystem,
  world: BookingWorld,
  cfg: HostileConfig,
  opts: { repoRoot: string; calmBookingsPerSec?: number; log: (m: string) => void },
): Promise<HostileResult> {
  const { log } = opts;
  const apps = sys.apps.map((a) => a.name);
  const pids = Object.fromEntries(sys.apps.map((a) => [a.name, a.child.pid!]));
  const result: HostileResult = {
    config: cfg,
    uploads: { sent: 0, byKind: {}, msByKind: {} },
    sse: { target: cfg.sseStreams, opened: 0, refused: {}, droppedEarly: 0, bytes: 0, openAtEnd: 0 },
    liveness: {},
    restarts: [],
    rssPeakMiB: {},
    limitMiB: manifestMemoryLimits(opts.repoRoot, apps),
  };

  const accounts = Math.ceil(cfg.sseStreams / cfg.ssePerAccount);
  const tokens = await signupMany(sys, accounts, log);
  const bomb = decompressionBomb(cfg.bombInflatedMiB);
  log(`  decompression bomb: ${(bomb.length / 1024).toFixed(0)} KiB inflating to ${cfg.bombInflatedMiB} MiB`);

  const before = Object.fromEntries(apps.map((a) => [a, pidsOf(pids[a]!).join(",")]));
  const sampler = new RssSampler(pids);
  sampler.start();
  const services = ["reservation", "payment", "notification"] as const;
  const probes = Object.fromEntries(services.map((s) => [s, new LivenessProbe(`${sys.urls[s]}/health/live`)]));
  for (const p of Object.values(probes)) p.start();

  const crowd = new SseCrowd(cfg.sseStreams);
  log(`  opening ${cfg.sseStreams} streams (${cfg.ssePerAccount} per account)`);
  for (let i = 0; i < cfg.sseStreams; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, cfg.sseStreams - i) }, (_, j) =>
        crowd.open(sys.baseUrl, tokens[Math.floor((i + j) / cfg.ssePerAccount)]!),
      ),
    );
  }
  log(`  ${crowd.openNow} streams open`);

  const outcomes: HostileOutcome[] = [];
  const end = Date.now() + cfg.seconds * 1000;
  const attackers = Array.from({ length: cfg.uploadConcurrency }, async (_, i) => {
    // one account per attacker: a per-account cap must not be what keeps the service standing
    const target = { baseUrl: sys.baseUrl, token: tokens[i % tokens.length]! };
    let k = i;
    while (Date.now() < end) {
      const kind: HostileKind = HOSTILE_KINDS[k++ % HOSTILE_KINDS.length]!;
      const left = Math.max(1, (end - Date.now()) / 1000);
      const o =
        kind === "bomb"
          ? await sendBomb(target, bomb)
          : kind === "aborted"
            ? await sendAborted(target)
            : await sendSlow(target, Math.min(8, left));
      outcomes.push(o);
    }
  });
  log(`  bookings: closed loop, ${cfg.bookingConcurrency} clients for ${cfg.seconds} s, under ${cfg.uploadConcurrency} hostile uploaders`);
  try {
    result.bookings = await closedLoop(world, cfg.bookingConcurrency, cfg.seconds);
  } finally {
    await Promise.all(attackers);
    result.sse = { ...crowd.close(), openAtEnd: crowd.openNow };
    for (const [name, p] of Object.entries(probes)) result.liveness[name] = await p.stop();
    result.rssPeakMiB = Object.fromEntries(Object.entries(sampler.stop()).map(([k, v]) => [k, round(v)]));
  }
  for (const a of sys.apps) {
    const now = a.child.exitCode === null ? pidsOf(pids[a.name]!).join(",") : "exited";
    if (now !== before[a.name]) result.restarts.push(`${a.name} (${before[a.name]} → ${now})`);
  }
  result.uploads.sent = outcomes.length;
  for (const kind of HOSTILE_KINDS) {
    const mine = outcomes.filter((o) => o.kind === kind);
    const by: Record<string, number> = {};
    for (const o of mine) by[o.outcome] = (by[o.outcome] ?? 0) + 1;
    result.uploads.byKind[kind] = by;
    result.uploads.msByKind[kind] = {
      p50: round(median(mine.map((o) => o.ms))),
      p99: round(
        percentile(
          mine.map((o) => o.ms),
          99,
        ),
      ),
    };
  }
  if (opts.calmBookingsPerSec && result.bookings)
    result.bookingsVsCalm = round(result.bookings.bookingsPerSec / opts.calmBookingsPerSec, 2);
  return result;
}
