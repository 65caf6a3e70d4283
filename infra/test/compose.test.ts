import { existsSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import draft07 from "ajv/dist/refs/json-schema-draft-07.json";
import { parse } from "yaml";
import {
  APP_PORTS,
  dockerStages,
  envReadBy,
  isStandardEnv,
  opsPortOf,
  packageJson,
  read,
  readAppConfig,
  ROOT,
  SERVICE_APPS,
} from "./support";

const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, any>; volumes?: Record<string, unknown> };
const services = compose.services;

/** compose service → app folder, for services built from apps/<app>/Dockerfile */
function appOf(svc: any): { app: string; target?: string } | undefined {
  const df: string | undefined = svc.build?.dockerfile;
  const m = df && /^apps\/([^/]+)\/Dockerfile$/.exec(df);
  return m ? { app: m[1], target: svc.build?.target } : undefined;
}

const envOf = (svc: any): Record<string, string> => {
  const e = svc.environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((s: string) => [s.split("=")[0], s.split("=").slice(1).join("=")]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
};

const runtimeServices = Object.entries(services).filter(([, s]) => appOf(s) && appOf(s)!.target !== "migrate");
const migrateServices = Object.entries(services).filter(([, s]) => appOf(s)?.target === "migrate");

/** The Compose Specification's own JSON schema (vendored, see test/schemas/README.md). */
function composeSchemaValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false }); // the spec uses annotations draft-07 does not define (`deprecated`)
  // the spec names its meta-schema without the trailing '#' ajv registers draft-07 under
  ajv.addMetaSchema(draft07, "https://json-schema.org/draft-07/schema");
  return ajv.compile(JSON.parse(read("infra/test/schemas/compose-spec.json")));
}

describe("docker-compose.yml", () => {
  test("when compose is checked against the Compose Specification schema, then it is valid, and a misspelt key would not be", () => {
    const validate = composeSchemaValidator();
    const ok = validate(compose);
    expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(compose));
    broken.services[Object.keys(broken.services)[0]!].restrat = "always";
    expect(validate(broken)).toBe(false);
  });

  test("when compose is read, then every Node service app has a runtime container built from its own Dockerfile", () => {
    const built = runtimeServices.map(([, s]) => appOf(s)!.app);
    for (const app of SERVICE_APPS) expect(built).toContain(app);
    for (const [name, s] of Object.entries(services)) {
      const a = appOf(s);
      if (!a) continue;
      expect(existsSync(path.join(ROOT, s.build.dockerfile))).toBe(true);
      expect(s.build.context).toBe(".");
      const stages = dockerStages(s.build.dockerfile).map((st) => st.name);
      expect({ name, target: s.build.target, known: stages.includes(s.build.target) }).toEqual({
        name,
        target: s.build.target,
        known: true,
      });
    }
  });

  test("when a service depends on another, then the target exists and waits on a health or completion condition", () => {
    for (const [name, s] of Object.entries(services)) {
      const deps = s.depends_on ?? {};
      expect(Array.isArray(deps)).toBe(false); // the long form, with conditions
      for (const [dep, spec] of Object.entries<any>(deps)) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        expect(["service_healthy", "service_completed_successfully", "service_started"]).toContain(spec.condition);
        if (spec.condition === "service_healthy")
          expect({ dep, healthcheck: !!services[dep].healthcheck }).toEqual({ dep, healthcheck: true });
      }
    }
  });

  test("when an app has migrations, then a one-shot migrate service runs them and the app starts only after it succeeded", () => {
    for (const app of SERVICE_APPS) {
      const pkg = packageJson(path.join(ROOT, "apps", app));
      if (!pkg.scripts?.["migrate:deploy"]) continue;
      const m = migrateServices.find(([, s]) => appOf(s)!.app === app);
      expect({ app, migrate: m?.[0] }).toEqual({ app, migrate: `${app}-migrate` });
      expect(m![1].restart).toBe("no");
      expect(m![1].depends_on.postgres.condition).toBe("service_healthy");
      expect(services[app].depends_on[`${app}-migrate`].condition).toBe("service_completed_successfully");
      // the migrate container gets exactly the app's database URL
      const key = `${app.toUpperCase()}_DATABASE_URL`;
      expect(Object.keys(envOf(m![1]))).toEqual([key]);
      expect(envOf(m![1])[key]).toBe(envOf(services[app])[key]);
    }
  });

  test("when an app runs in compose, then it has a health check on /health/ready at its own port, and its PORT is the agreed one", () => {
    for (const [name, s] of runtimeServices) {
      const app = appOf(s)!.app;
      if (!(app in APP_PORTS)) continue;
      const port = APP_PORTS[app];
      expect({ name, PORT: envOf(s).PORT }).toEqual({ name, PORT: String(port) });
      const test = JSON.stringify(s.healthcheck?.test ?? "");
      expect(test).toContain(`127.0.0.1:${opsPortOf(app)}/health/ready`);
      const expose = dockerStages(s.build.dockerfile).find((st) => st.name === "runtime")!.exposes;
      expect(expose).toContain(port);
    }
  });

  test("when an app reads its config, then compose provides every required variable and nothing the app does not read", () => {
    const skipped: string[] = [];
    for (const [name, s] of runtimeServices) {
      const app = appOf(s)!.app;
      const config = readAppConfig(app);
      if (!config) {
        skipped.push(app);
        continue;
      }
      const provided = Object.keys(envOf(s));
      const missing = config.required.filter((k) => !provided.includes(k));
      expect({ name, missing }).toEqual({ name, missing: [] });
      const reads = envReadBy(app, config);
      const unread = provided.filter((k) => !reads.has(k) && !isStandardEnv(k));
      expect({ name, unread }).toEqual({ name, unread: [] });
    }
    // only the static web bundle has no config of its own
    expect(skipped.filter((a) => a !== "web")).toEqual([]);
  });

  test("when a variable is a secret, then compose takes it from .env as a required ${VAR:?} (no value in the file)", () => {
    const secretish = /SECRET|PASSWORD|_PASS$|API_KEY/;
    for (const [name, s] of Object.entries(services)) {
      for (const [k, v] of Object.entries(envOf(s))) {
        if (secretish.test(k)) expect({ name, k, v: /^\$\{[A-Z_]+:\?[^}]*\}$/.test(v) }).toEqual({ name, k, v: true });
        // credentials inside URLs must be interpolated too
        const masked = v.replace(/\$\{[^}]*\}/g, "\u0000");
        const cred = /:\/\/[^:/@\s]*:([^@\s]+)@/.exec(masked);
        if (cred) expect({ name, k, interpolated: cred[1] === "\u0000" && v.includes(":?") }).toEqual({ name, k, interpolated: true });
      }
    }
  });

  test("when apps export traces, then OTEL_EXPORTER_OTLP_ENDPOINT points at the collector, which exports to Jaeger", () => {
    for (const [name, s] of runtimeServices.filter(([, s]) => appOf(s)!.app in APP_PORTS)) {
      expect({ name, endpoint: envOf(s).OTEL_EXPORTER_OTLP_ENDPOINT }).toEqual({ name, endpoint: "http://otel-collector:4318" });
      expect(envOf(s).OTEL_SERVICE_NAME).toBe(appOf(s)!.app);
    }
    expect(services["otel-collector"]).toBeDefined();
    const collector = parse(read("infra/otel/collector.yaml"));
    expect(collector.exporters["otlp/jaeger"].endpoint).toBe("jaeger:4317");
    expect(services.jaeger).toBeDefined();
    // every scrape target is a compose service on its agreed port
    const targets: string[] = collector.receivers.prometheus.config.scrape_configs.flatMap((c: any) =>
      c.static_configs.flatMap((s: any) => s.targets),
    );
    for (const t of targets) {
      const [host, port] = t.split(":");
      expect({ t, known: host in services }).toEqual({ t, known: true });
      if (host in APP_PORTS) expect(Number(port)).toBe(opsPortOf(host!));
    }
  });

  test("when compose mounts infra files, then each mounted file exists", () => {
    for (const [name, s] of Object.entries(services)) {
      for (const v of s.volumes ?? []) {
        const src = String(v).split(":")[0];
        if (src.startsWith("./")) expect({ name, src, exists: existsSync(path.join(ROOT, src)) }).toEqual({ name, src, exists: true });
        else expect({ name, src, declared: src in (compose.volumes ?? {}) }).toEqual({ name, src, declared: true });
      }
    }
  });

  test("when PostgreSQL starts on an empty volume, then the init script creates every service database the URLs name", () => {
    const init = read("infra/postgres/init/10-create-databases.sh");
    const dbs = envOf(services.postgres).PREPRINT_DATABASES.split(/\s+/);
    expect(init).toContain("PREPRINT_DATABASES");
    for (const [, s] of [...runtimeServices, ...migrateServices]) {
      for (const [k, v] of Object.entries(envOf(s))) {
        if (!k.endsWith("_DATABASE_URL")) continue;
        const db = /\/([a-z_]+)$/.exec(v)![1];
        expect(dbs).toContain(db);
      }
    }
  });
});
