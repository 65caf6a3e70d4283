import type { BenchResult } from "./main";

export interface Section {
  title: string;
  head: string[];
  rows: (string | number)[][];
  notes: string[];
}

const fmt = (x: number | undefined, digits = 0) =>
  x === undefined || !Number.isFinite(x)
    ? "–"
    : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mark = (ok: boolean | undefined) => (ok === undefined ? "–" : ok ? "met" : "MISSED");

export function sections(r: BenchResult): Section[] {
  const out: Section[] = [];
  const g = r.gateway;
  if (g) {
    out.push({
      title: "Gateway vs bare proxies",
      head: ["variant", "req/s", "p50 ms", "p99 ms", "CPU µs/request", "errors", "what"],
      rows: g.variants.map((v) => [
        v.variant,
        fmt(v.rps),
        fmt(v.p50Ms, 1),
        fmt(v.p99Ms, 1),
        fmt(v.cpuUsPerRequest, 0),
        v.errors,
        v.description,
      ]),
      notes: [
        g.method,
        `gateway (${g.gatewayWorkers ?? "?"} workers, its default) ÷ bare node proxy (1 process): req/s ${fmt(g.ratios.gatewayRpsVsBareProxy, 2)} (target ≥ 0.80: ${mark(g.targets.rpsAtLeast08xBare)}), p99 ${fmt(g.ratios.gatewayP99VsBareProxy, 2)}× (target ≤ 2: ${mark(g.targets.p99Within2xBare)})`,
        `process for process — gateway 1 worker ÷ bare node proxy: req/s ${fmt(g.ratios.gateway1RpsVsBareProxy, 2)}, p99 ${fmt(g.ratios.gateway1P99VsBareProxy, 2)}×; CPU per request bare ÷ gateway ${fmt(g.ratios.bareCpuVsGatewayCpu, 2)} (the per-core ratio, least sensitive to the machine's load)`,
        `the lean reference hpm design (${g.gatewayWorkers ?? "?"} workers) ÷ bare node proxy: req/s ${fmt(g.ratios.leanRpsVsBareProxy, 2)} (the ceiling for a node:http + hpm gateway on this machine); gateway ÷ lean design: ${fmt(g.ratios.gatewayRpsVsLean, 2)} (what the gateway's own per-request features cost)`,
        `gateway ÷ nginx ${fmt(g.ratios.gatewayRpsVsNginx, 2)}; bare node proxy ÷ nginx ${fmt(g.ratios.bareProxyRpsVsNginx, 2)}; nginx ÷ direct ${fmt(g.ratios.nginxRpsVsDirect, 2)}`,
      ],
    });
  }
  const b = r.bookings;
  const bookingRows = [b.openLoop, b.closedLoop]
    .filter((x) => x !== undefined)
    .map((x) => [
      x.mode,
      fmt(x.bookingsPerSec, 1),
      `${fmt(x.approvalToConfirmedMs.p50, 1)} / ${fmt(x.approvalToConfirmedMs.p99, 1)} / ${fmt(x.approvalToConfirmedMs.max, 1)}`,
      `${fmt(x.endToEndMs.p50)} / ${fmt(x.endToEndMs.p99)}`,
      `${x.confirmed}/${x.started}`,
      x.failed
        ? `${x.failed} (${Object.entries(x.errors)
            .map(([k, v]) => `${k}×${v}`)
            .join(", ")})`
        : "0",
    ]);
  if (bookingRows.length || r.pipelineFloor) {
    const notes: string[] = [
      "approved → CONFIRMED = payments.approved_at (payment DB) → first audit_log row to CONFIRMED (reservation DB); end to end = client start of reserve → CONFIRMED",
    ];
    if (b.targetMet)
      notes.push(
        `target approved → CONFIRMED p99 ≤ 50 ms at ${r.config.bookingRate}/s: ${mark(b.targetMet.p99Under50ms && b.targetMet.rateReached)} (p99 ${mark(b.targetMet.p99Under50ms)}, rate held ${mark(b.targetMet.rateReached)})`,
      );
    if (r.pipelineFloor) {
      notes.push(
        `bare pg + amqplib pipeline (floor): ${fmt(r.pipelineFloor.perSec)} /s, approval → CONFIRMED p50 ${fmt(r.pipelineFloor.latencyMs.p50, 1)} ms p99 ${fmt(r.pipelineFloor.latencyMs.p99, 1)} ms — ${r.pipelineFloor.description}`,
      );
    }
    if (b.cpuMsPerBooking) {
      notes.push(
        `CPU ms per confirmed booking (closed loop): ${Object.entries(b.cpuMsPerBooking)
          .map(([k, v]) => `${k} ${fmt(v, 1)}`)
          .join(", ")}`,
      );
    }
    if (r.pipelineRatio !== undefined)
      notes.push(`bookings (closed loop) ÷ bare pipeline = ${fmt(r.pipelineRatio, 2)} (target ≥ 0.50: ${mark(r.pipelineRatio >= 0.5)})`);
    out.push({
      title: "Bookings end to end",
      head: ["run", "bookings/s", "approved→CONFIRMED p50/p99/max ms", "end to end p50/p99 ms", "confirmed", "failed"],
      rows: bookingRows,
      notes,
    });
  }
  const o = r.outbox?.report;
  if (o) {
    out.push({
      title: "Outbox relay (packages/messaging bench)",
      head: [
        "events",
        "end-to-end events/s",
        "insert-only events/s",
        `latency at ${o.latency?.rate}/s p50/p99/max ms`,
        "relay batch × concurrency",
        "prefetch",
      ],
      rows: [
        [
          o.throughput?.events,
          fmt(o.throughput?.endToEndEventsPerSecond),
          fmt(o.throughput?.insertOnlyEventsPerSecond),
          `${o.latency?.p50ms} / ${o.latency?.p99ms} / ${o.latency?.maxms}`,
          `${o.config?.RELAY_BATCH} × ${o.config?.RELAY_CONCURRENCY}`,
          o.config?.PREFETCH,
        ],
      ],
      notes: ["outbox insert → relay (publisher confirms) → RabbitMQ → consumer (inbox row + effect row in one transaction)"],
    });
  }
  const m = r.memory;
  if (m) {
    // without a per-process breakdown (a run without the booking phases), only a single-process
    // app's peak can be held against the per-process limit: the gateway's column adds up its cluster
    const perProcess = (k: string) => m.atPeak?.[k]?.rss ?? (k === "gateway" ? undefined : m.underLoad[k]);
    out.push({
      title: "Memory (RSS, MiB)",
      head: [
        "app",
        "idle",
        "peak under load",
        "largest process at its peak",
        "V8 heap used / total (young gen)",
        "external (ArrayBuffers)",
        "rest: code, native, WASM",
        `< ${m.limitMiB} MiB per process`,
      ],
      rows: [
        ...Object.keys(m.idle).map((k) => {
          const a = m.atPeak?.[k];
          const peak = perProcess(k);
          return [
            k,
            fmt(m.idle[k]),
            fmt(m.underLoad[k]),
            a ? fmt(a.rss) : "–",
            a ? `${fmt(a.heapUsed)} / ${fmt(a.heapTotal)} (${fmt(a.young)})` : "–",
            a ? `${fmt(a.external)} (${fmt(a.arrayBuffers)})` : "–",
            a ? fmt(a.rss - a.heapTotal - a.external) : "–",
            mark(peak === undefined ? undefined : peak < m.limitMiB),
          ];
        }),
        ...(m.gatewayUnderWrk ? [["gateway (bench instance, under wrk)", "–", fmt(m.gatewayUnderWrk), "–", "–", "–", "–", "–"]] : []),
      ],
      notes: [
        "under load = peak while the booking runs and the hot-slot burst ran (sampled every 250 ms); idle and peak include every process of the app (the gateway's cluster primary and workers)",
        "the breakdown is process.memoryUsage() of the app's largest process at its RSS peak (bench mem-preload); the mark is that process's peak against the limit (a clustered gateway's idle and peak columns add up all its processes)",
      ],
    });
  }
  const c = r.contention;
  if (c) {
    const other =
      Object.entries(c.other)
        .map(([k, v]) => `${k}×${v}`)
        .join(", ") || "none";
    out.push({
      title: "Hot slot contention",
      head: [
        "attempts",
        "in flight",
        "201",
        "409 SLOT_FULL",
        "other",
        "attempts/s",
        "201/s",
        "409/s",
        "slot reserved / capacity",
        "oversold",
      ],
      rows: [
        [
          c.attempts,
          c.concurrency,
          c.created,
          c.slotFull,
          other,
          fmt(c.attemptsPerSec),
          fmt(c.createdPerSec),
          fmt(c.slotFullPerSec),
          `${c.slotReserved} / ${c.slotCapacityPages}`,
          c.oversold ? "YES" : "no",
        ],
      ],
      notes: [`one-page reservations at one slot through the gateway; ${c.seconds} s; held pages in reservations ${c.heldPages}`],
    });
  }
  const h = r.hostile;
  if (h) {
    const apps = Object.keys(h.rssPeakMiB);
    const withinLimits = apps.every((a) => h.limitMiB[a] === undefined || h.rssPeakMiB[a]! < h.limitMiB[a]!);
    const kinds = Object.entries(h.uploads.byKind).map(
      ([k, by]) =>
        `${k}: ${
          Object.entries(by)
            .map(([o, n]) => `${o}×${n}`)
            .join(", ") || "none"
        } (p50/p99 ${fmt(h.uploads.msByKind[k]?.p50)} / ${fmt(h.uploads.msByKind[k]?.p99)} ms)`,
    );
    out.push({
      title: "Bookings under hostile uploads and a crowd of live streams",
      head: [
        "app",
        "RSS peak (process tree), MiB",
        "container limit, MiB",
        "under limit",
        "/health/live p50 / p99 / max ms",
        "probe failures",
      ],
      rows: apps.map((a) => {
        const p = h.liveness[a];
        return [
          a,
          fmt(h.rssPeakMiB[a]),
          fmt(h.limitMiB[a]),
          mark(h.limitMiB[a] === undefined ? undefined : h.rssPeakMiB[a]! < h.limitMiB[a]!),
          p ? `${fmt(p.p50Ms)} / ${fmt(p.p99Ms)} / ${fmt(p.maxMs)}` : "–",
          p ? `${p.failures}/${p.samples}` : "–",
        ];
      }),
      notes: [
        `${h.config.uploadConcurrency} clients sending hostile uploads for ${h.config.seconds} s (a ${h.config.bombInflatedMiB} MiB decompression bomb, 20 of 29 MB then a hang-up, a slowloris trickle): ${h.uploads.sent} sent — ${kinds.join("; ")}`,
        `live streams: ${h.sse.opened} of ${h.sse.target} opened (${h.config.ssePerAccount} per account), ${h.sse.openAtEnd} still open at the end, ${h.sse.droppedEarly} dropped early; refused ${
          Object.entries(h.sse.refused)
            .map(([k, v]) => `${k}×${v}`)
            .join(", ") || "none"
        }`,
        h.bookings
          ? `bookings under attack (closed loop, ${h.config.bookingConcurrency} clients): ${fmt(h.bookings.bookingsPerSec, 1)}/s, ${h.bookings.confirmed}/${h.bookings.started} confirmed, approved → CONFIRMED p99 ${fmt(h.bookings.approvalToConfirmedMs.p99)} ms; ÷ the calm closed loop: ${fmt(h.bookingsVsCalm, 2)}`
          : "bookings under attack: not measured",
        `bookings still confirm: ${mark(h.bookings ? h.bookings.confirmed > 0 : undefined)}; no process restarted: ${mark(h.restarts.length === 0)}${h.restarts.length ? ` (${h.restarts.join("; ")})` : ""}; every RSS peak under its container's limit: ${mark(withinLimits)}; all ${h.config.sseStreams} streams held: ${mark(h.sse.openAtEnd === h.config.sseStreams)}`,
      ],
    });
  }
  for (const [app, prof] of Object.entries(r.profiles ?? {})) {
    out.push({
      title: `CPU profile of ${app} (self time by package, share of busy time over the whole run)`,
      head: ["area", "self %", "", "function", "self %"],
      rows: Array.from({ length: 12 }, (_, i) => {
        const a = prof.byArea[i];
        const f = prof.topFunctions[i];
        return [a?.area ?? "", a ? (a.self * 100).toFixed(1) : "", "", f ? `${f.name} ${f.where}` : "", f ? (f.self * 100).toFixed(1) : ""];
      }),
      notes: [`${(prof.totalMs / 1000).toFixed(1)} s busy; node --cpu-prof, from start to stop of the app`],
    });
  }
  return out;
}

export function renderTable(r: BenchResult): string {
  const lines: string[] = [];
  for (const s of sections(r)) {
    const cells = [s.head, ...s.rows.map((row) => row.map(String))];
    const width = s.head.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? "").length)));
    lines.push(`== ${s.title}`);
    for (const row of cells) lines.push(row.map((c, i) => (i === row.length - 1 ? String(c) : String(c).padEnd(width[i]!))).join("  "));
    for (const n of s.notes) lines.push(`   · ${n}`);
    lines.push("");
  }
  lines.push(
    `machine: ${r.machine.cpus} × ${r.machine.model}, node ${r.machine.node}, load average ${r.machine.loadAvgAtStart.join(" ")} → ${r.machine.loadAvgAtEnd.join(" ")}; run took ${r.durationSec} s`,
  );
  if (r.problems.length) lines.push(`PROBLEMS:\n${r.problems.map((p) => `  - ${p}`).join("\n")}`);
  return lines.join("\n");
}

export function renderMarkdown(r: BenchResult): string {
  const esc = (s: string | number) => String(s).replace(/\|/g, "\\|");
  const lines: string[] = [
    `Run of ${r.startedAt} (${r.durationSec} s; ${r.machine.cpus} cores, node ${r.machine.node}, load average ${r.machine.loadAvgAtStart.join(" ")} at start).`,
    "",
  ];
  for (const s of sections(r)) {
    lines.push(`#### ${s.title}`, "", `| ${s.head.map(esc).join(" | ")} |`, `|${s.head.map(() => "---").join("|")}|`);
    for (const row of s.rows) lines.push(`| ${row.map(esc).join(" | ")} |`);
    lines.push("");
    for (const n of s.notes) lines.push(`- ${n}`);
    lines.push("");
  }
  if (r.problems.length) lines.push("Problems:", ...r.problems.map((p) => `- ${p}`), "");
  return lines.join("\n");
}
