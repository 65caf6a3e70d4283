import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const ROOT = path.resolve(__dirname, "../..");
export const rel = (p: string) => path.relative(ROOT, p);

/** Ports agreed in docs/conventions.md. */
export const APP_PORTS: Record<string, number> = {
  gateway: 8080,
  reservation: 8081,
  payment: 8082,
  notification: 8083,
  printing: 8084,
  "portone-sandbox": 8090,
};
/**
 * Where an app answers readiness and metrics when that is not its public port: the gateway's
 * operations port (never routed from outside).
 */
export const OPS_PORTS: Record<string, number> = { gateway: 9080 };
/** The port of an app's readiness and metrics. */
export const opsPortOf = (app: string): number => OPS_PORTS[app] ?? APP_PORTS[app]!;
/** Apps that run as a Node service (web is a static bundle). */
export const SERVICE_APPS = Object.keys(APP_PORTS);

/**
 * Variables a process reads without its loadConfig shape: the OpenTelemetry SDK's standard
 * variables (@preprint/telemetry hands them to NodeSDK) and process-level ones.
 */
export const STANDARD_ENV = [/^OTEL_[A-Z0-9_]+$/, /^NODE_ENV$/, /^HOME$/, /^NODE_OPTIONS$/, /^TZ$/];

/**
 * Keys that a config requires although its zod shape marks them optional, because a later check
 * (payment's `modeProblems`) refuses to start without them. The test checks each key exists.
 */
export const EXTRA_REQUIRED: Record<string, string[]> = {
  payment: ["PORTONE_API_SECRET", "PORTONE_WEBHOOK_SECRET", "PORTONE_STORE_ID"],
};

export function read(p: string): string {
  return readFileSync(path.isAbsolute(p) ? p : path.join(ROOT, p), "utf8");
}

export function yamlDocs(p: string): Record<string, any>[] {
  return parseAllDocuments(read(p))
    .map((d) => {
      if (d.errors.length) throw new Error(`${rel(p)}: ${d.errors.map((e) => e.message).join("; ")}`);
      return d.toJS() as Record<string, any> | null;
    })
    .filter((d): d is Record<string, any> => d !== null && typeof d === "object");
}

export function walk(dir: string, match: (f: string) => boolean): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (e === "node_modules" || e === "dist") continue;
    if (statSync(p).isDirectory()) out.push(...walk(p, match));
    else if (match(p)) out.push(p);
  }
  return out.sort();
}

export function appDirs(): string[] {
  const apps = path.join(ROOT, "apps");
  return readdirSync(apps)
    .filter((d) => existsSync(path.join(apps, d, "package.json")))
    .sort();
}

export function packageJson(dir: string): { name: string; scripts?: Record<string, string>; dependencies?: Record<string, string> } {
  return JSON.parse(read(path.join(dir, "package.json")));
}

export interface AppConfig {
  app: string;
  file: string;
  /** every key of the loadConfig shape */
  keys: string[];
  /** keys without a default that are not optional */
  required: string[];
  /** PORT default, from `PORT: env.port(n)` */
  port?: number;
}

/** Text of the balanced `{…}` starting at `open` (index of the brace). */
function balanced(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") {
      depth--;
      if (depth === 0) return src.slice(open, i + 1);
    } else if (c === '"' || c === "'" || c === "`") {
      // skip string literals (they may hold braces)
      const q = c;
      for (i++; i < src.length && src[i] !== q; i++) if (src[i] === "\\") i++;
    } else if (c === "/" && src[i + 1] === "/" && /\s/.test(src[i - 1] ?? "\n")) {
      while (i < src.length && src[i] !== "\n") i++;
    }
  }
  throw new Error("unbalanced braces");
}

/**
 * Reads the env keys of `apps/<app>/src/config.ts`: the object literal handed to `loadConfig(…)`
 * (inline, or the const it names). An entry is required unless it has `.default(`, `.optional()`,
 * or is one of the kit's helpers that always default (`env.port/bool/list`, `env.int(n)`).
 */
export function readAppConfig(app: string): AppConfig | null {
  const file = path.join(ROOT, "apps", app, "src", "config.ts");
  if (!existsSync(file)) return null;
  const src = read(file);
  const call = /loadConfig\(\s*([A-Za-z_$][\w$]*|\{)/.exec(src);
  if (!call) throw new Error(`${rel(file)}: no loadConfig(...) call`);
  let body: string;
  if (call[1] === "{") body = balanced(src, call.index + call[0].length - 1);
  else {
    const decl = new RegExp(`(?:const|let)\\s+${call[1]}\\s*(?::[^=]+)?=\\s*\\{`).exec(src);
    if (!decl) throw new Error(`${rel(file)}: cannot find the shape object ${call[1]}`);
    body = balanced(src, decl.index + decl[0].length - 1);
  }
  // top-level keys: scan at depth 1 only
  const entries: { key: string; start: number }[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth--;
    else if (c === '"' || c === "'" || c === "`") {
      const q = c;
      for (i++; i < body.length && body[i] !== q; i++) if (body[i] === "\\") i++;
    } else if (c === "/" && body[i + 1] === "/" && /\s/.test(body[i - 1] ?? "\n")) {
      while (i < body.length && body[i] !== "\n") i++;
    } else if (depth === 1) {
      const m = /^([A-Z][A-Z0-9_]*)\s*:/.exec(body.slice(i));
      if (m && /[\s,{]/.test(body[i - 1] ?? " ")) {
        entries.push({ key: m[1], start: i });
        i += m[0].length - 1;
      }
    }
  }
  const keys: string[] = [];
  const required: string[] = [];
  let port: number | undefined;
  entries.forEach((e, n) => {
    const seg = body.slice(e.start, entries[n + 1]?.start ?? body.length);
    keys.push(e.key);
    const defaults =
      /\.default\(/.test(seg) ||
      /\.optional\(\)/.test(seg) ||
      /:\s*env\s*\.\s*(port|bool|list)\(/.test(seg) ||
      /:\s*env\s*\.\s*int\(\s*[\d_]/.test(seg);
    if (!defaults) required.push(e.key);
    const p = e.key === "PORT" ? /PORT\s*:\s*env\.port\((\d+)\)/.exec(seg) : null;
    if (p) port = Number(p[1]);
  });
  for (const k of EXTRA_REQUIRED[app] ?? []) if (!required.includes(k)) required.push(k);
  return { app, file, keys, required, port };
}

/** Workspace packages an app depends on, transitively (by package name → folder). */
export function workspaceDeps(app: string): string[] {
  const byName = new Map<string, string>();
  for (const base of ["packages", "apps"]) {
    const d = path.join(ROOT, base);
    for (const p of readdirSync(d))
      if (existsSync(path.join(d, p, "package.json"))) byName.set(packageJson(path.join(d, p)).name, path.join(d, p));
  }
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const deps = packageJson(dir).dependencies ?? {};
    for (const name of Object.keys(deps)) {
      const d = byName.get(name);
      if (d && !seen.has(d)) {
        seen.add(d);
        visit(d);
      }
    }
  };
  visit(path.join(ROOT, "apps", app));
  return [...seen];
}

/** `process.env.X` / `process.env["X"]` reads in the .ts sources of a folder's src/. */
export function directEnvReads(dir: string): string[] {
  const out = new Set<string>();
  for (const f of walk(path.join(dir, "src"), (p) => p.endsWith(".ts") && !p.includes(`${path.sep}generated${path.sep}`))) {
    for (const m of read(f).matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[["']([A-Z_][A-Z0-9_]*)["']\])/g)) out.add(m[1] ?? m[2]);
  }
  return [...out];
}

/**
 * Scripts an app's image runs before the app (its ENTRYPOINT): the gateway writes the web app's
 * site.json from SITE_* (and checks them against PORTONE_MODE) with apps/web/server's writer.
 */
export const STARTUP_SCRIPTS: Record<string, string[]> = { gateway: ["apps/web/server"] };

function startupEnvReads(dir: string): string[] {
  const out = new Set<string>();
  for (const f of walk(path.join(ROOT, dir), (p) => p.endsWith(".mjs"))) {
    const src = read(f);
    for (const m of src.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)|\benv\.([A-Z_][A-Z0-9_]*)/g)) out.add(m[1] ?? m[2]);
    for (const m of src.matchAll(/"(SITE_[A-Z0-9_]+)"/g)) out.add(m[1]);
  }
  return [...out];
}

/** Everything the app's process reads from the environment: its config keys, direct reads in it and its workspace deps. */
export function envReadBy(app: string, config: AppConfig): Set<string> {
  const s = new Set<string>(config.keys);
  for (const d of [path.join(ROOT, "apps", app), ...workspaceDeps(app)]) for (const k of directEnvReads(d)) s.add(k);
  for (const d of STARTUP_SCRIPTS[app] ?? []) for (const k of startupEnvReads(d)) s.add(k);
  return s;
}

export const isStandardEnv = (k: string) => STANDARD_ENV.some((r) => r.test(k));

/** Stage names and the USER of each stage of a Dockerfile. */
export function dockerStages(file: string): { name?: string; from: string; user?: string; exposes: number[]; lines: string[] }[] {
  const stages: { name?: string; from: string; user?: string; exposes: number[]; lines: string[] }[] = [];
  const text = read(file).replace(/\\\n/g, " ");
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ from: from[1], name: from[2], exposes: [], lines: [] });
      continue;
    }
    const st = stages[stages.length - 1];
    if (!st) continue;
    st.lines.push(line);
    const user = /^USER\s+(\S+)/i.exec(line);
    if (user) st.user = user[1];
    const expose = /^EXPOSE\s+(.+)/i.exec(line);
    if (expose) st.exposes.push(...expose[1].split(/\s+/).map((p) => parseInt(p, 10)));
  }
  return stages;
}
