import { existsSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { checkAgainstKubernetesSchemas, K8S, kustomizations, render, renderer, rendererMissing } from "./render";
import {
  APP_PORTS,
  dockerStages,
  envReadBy,
  isStandardEnv,
  opsPortOf,
  packageJson,
  read,
  readAppConfig,
  rel,
  ROOT,
  SERVICE_APPS,
  walk,
  yamlDocs,
} from "./support";

const BASE = path.join(K8S, "base");
const files = walk(K8S, (f) => /\.ya?ml$/.test(f));
const baseKustomization = parse(read(path.join(BASE, "kustomization.yaml")));
if (!renderer) {
  // loud on purpose: without the real kustomize none of the manifest checks below can run
  process.stderr.write(`\n!!! infra/k8s NOT CHECKED: ${rendererMissing}. Install kubectl ≥ 1.27 or kustomize ≥ 5. !!!\n\n`);
}
const describeRendered = renderer ? describe : describe.skip;
/** what `kubectl apply -k base` creates, as kustomize itself builds it */
const base: Record<string, any>[] = renderer ? render(BASE) : [];
const secretTemplates = yamlDocs(path.join(BASE, "secrets.template.yaml"));

const ofKind = (kind: string) => base.filter((d) => d.kind === kind);
const named = (kind: string, name: string): Record<string, any> | undefined =>
  base.find((d) => d.kind === kind && d.metadata?.name === name);
const podSpecs = () => [
  ...ofKind("Deployment").map((d) => ({
    owner: `Deployment/${d.metadata.name}`,
    spec: d.spec.template.spec,
    labels: d.spec.template.metadata?.labels,
  })),
  ...ofKind("Job").map((d) => ({ owner: `Job/${d.metadata.name}`, spec: d.spec.template.spec, labels: d.spec.template.metadata?.labels })),
];
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Images this repository builds: preprint/<app> (runtime stage) and preprint/<app>-migrate (migrate stage). */
function builtImage(image: string): { app: string; target: string } | undefined {
  const repo = image.replace(/:[^/:]+$/, "");
  const m = /^preprint\/(.+?)(-migrate)?$/.exec(repo);
  if (!m) return undefined;
  const df = path.join(ROOT, "apps", m[1], "Dockerfile");
  if (!existsSync(df)) return undefined;
  const target = m[2] ? "migrate" : "runtime";
  return dockerStages(df).some((s) => s.name === target) ? { app: m[1], target } : undefined;
}
/** Third-party images allowed in the manifests (operators' CRs name their own images). */
const EXTERNAL_IMAGES = [/^otel\/opentelemetry-collector-contrib:/, /^rabbitmq:/, /^ghcr\.io\/cloudnative-pg\/postgresql:/];

describe("kubernetes manifests (files)", () => {
  test("when every manifest is parsed, then each document has apiVersion, kind and metadata.name", () => {
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      for (const d of yamlDocs(f)) {
        if (path.basename(f) === "kustomization.yaml") {
          expect(d.kind ?? "Kustomization").toBe("Kustomization");
          continue;
        }
        expect({ f: rel(f), ok: !!(d.apiVersion && d.kind && d.metadata?.name) }).toEqual({ f: rel(f), ok: true });
      }
    }
  });
});

/** Kinds of the operators the cluster needs (docs/operations.md → Kubernetes); kubernetes-models has no schema for them. */
const OPERATOR_KINDS = [
  "postgresql.cnpg.io/v1/Cluster",
  "rabbitmq.com/v1beta1/RabbitmqCluster",
  "rabbitmq.com/v1beta1/Queue",
  "rabbitmq.com/v1beta1/Exchange",
  "rabbitmq.com/v1beta1/Binding",
  "rabbitmq.com/v1beta1/Policy",
];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describeRendered("kubernetes manifests as kustomize renders them", () => {
  test.each(kustomizations().map((d) => [path.relative(K8S, d), d]))(
    "when %s is rendered by kustomize, then it builds and every object passes the Kubernetes API schema of its kind",
    (_name, dir) => {
      const objects = render(dir);
      expect(objects.length).toBeGreaterThan(10);
      const results = checkAgainstKubernetesSchemas(objects);
      expect(results.filter((r) => r.error)).toEqual([]);
      for (const [i, r] of results.entries()) {
        if (!r.custom) continue;
        const o = objects[i]!;
        // operator resources: a kind we expect, a valid name, in the namespace
        expect({ kind: `${o.apiVersion}/${o.kind}`, known: OPERATOR_KINDS.includes(`${o.apiVersion}/${o.kind}`) }).toEqual({
          kind: `${o.apiVersion}/${o.kind}`,
          known: true,
        });
        expect({ id: r.id, name: DNS_SUBDOMAIN.test(o.metadata?.name ?? "") }).toEqual({ id: r.id, name: true });
        expect(o.metadata.namespace).toBe("preprint");
      }
      expect(results.filter((r) => r.ok).length).toBeGreaterThan(20);
    },
  );

  test("when the base is listed, then every resource file exists and every app Deployment is in it", () => {
    for (const r of baseKustomization.resources) expect(existsSync(path.join(BASE, r))).toBe(true);
    for (const app of SERVICE_APPS) expect({ app, deployed: !!named("Deployment", app) }).toEqual({ app, deployed: true });
    // secrets are templates, never applied from git
    expect(baseKustomization.resources).not.toContain("secrets.template.yaml");
    for (const s of secretTemplates) for (const v of Object.values<string>(s.stringData ?? {})) expect(v).toMatch(/<[^>]+>/);
  });

  test("when a pod runs, then it has liveness/readiness probes (Deployments), resources and a non-root, locked-down security context", () => {
    for (const { owner, spec } of podSpecs()) {
      expect({ owner, runAsNonRoot: spec.securityContext?.runAsNonRoot }).toEqual({ owner, runAsNonRoot: true });
      expect(spec.securityContext?.runAsUser ?? 1).not.toBe(0);
      for (const c of spec.containers) {
        const id = `${owner}/${c.name}`;
        expect({ id, requests: !!c.resources?.requests?.cpu && !!c.resources?.requests?.memory }).toEqual({ id, requests: true });
        expect({ id, limits: !!c.resources?.limits?.memory }).toEqual({ id, limits: true });
        expect({ id, sc: c.securityContext }).toMatchObject({
          id,
          sc: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        });
        if (owner.startsWith("Deployment/")) {
          expect({ id, liveness: !!c.livenessProbe, readiness: !!c.readinessProbe }).toEqual({ id, liveness: true, readiness: true });
        }
      }
    }
  });

  test("when an app Deployment probes its pods, then liveness is /health/live and readiness /health/ready on the app's agreed port", () => {
    for (const app of SERVICE_APPS) {
      const c = named("Deployment", app)!.spec.template.spec.containers[0];
      const port = c.ports.find((p: any) => p.name === c.readinessProbe.httpGet.port || p.containerPort === c.readinessProbe.httpGet.port);
      expect({ app, port: port?.containerPort }).toEqual({ app, port: opsPortOf(app) });
      expect(c.livenessProbe.httpGet.path).toBe("/health/live");
      expect(c.readinessProbe.httpGet.path).toBe("/health/ready");
      const cm = named("ConfigMap", c.envFrom[0].configMapRef.name)!;
      expect({ app, PORT: cm.data.PORT }).toEqual({ app, PORT: String(APP_PORTS[app]) });
      const config = readAppConfig(app);
      if (config?.port !== undefined) expect(config.port).toBe(APP_PORTS[app]);
    }
  });

  test("when a Service selects pods, then a Deployment's pod labels match and its target port is a named container port", () => {
    for (const svc of ofKind("Service")) {
      const targets = ofKind("Deployment").filter((d) => matches(svc.spec.selector, d.spec.template.metadata.labels));
      expect({ svc: svc.metadata.name, targets: targets.length }).toEqual({ svc: svc.metadata.name, targets: 1 });
      const ports = targets[0].spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      for (const p of svc.spec.ports) {
        const ok = ports.some((cp: any) => cp.name === p.targetPort || cp.containerPort === p.targetPort);
        expect({ svc: svc.metadata.name, port: p.targetPort, ok }).toEqual({ svc: svc.metadata.name, port: p.targetPort, ok: true });
      }
    }
    for (const d of ofKind("Deployment")) {
      expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    }
  });

  test("when an HPA or PDB names a target, then it exists; and every stateless app with >1 replica has both", () => {
    for (const h of ofKind("HorizontalPodAutoscaler")) {
      const t = h.spec.scaleTargetRef;
      expect({ hpa: h.metadata.name, found: !!named(t.kind, t.name) }).toEqual({ hpa: h.metadata.name, found: true });
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
      // an HPA on CPU needs CPU requests on the target
      expect(named(t.kind, t.name)!.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
    }
    for (const p of ofKind("PodDisruptionBudget")) {
      const hits = ofKind("Deployment").filter((d) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect({ pdb: p.metadata.name, hits: hits.length }).toEqual({ pdb: p.metadata.name, hits: 1 });
    }
    for (const d of ofKind("Deployment").filter((d) => d.spec.replicas > 1)) {
      const name = d.metadata.name;
      expect({ name, hpa: !!ofKind("HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef.name === name) }).toEqual({
        name,
        hpa: true,
      });
      expect({
        name,
        pdb: ofKind("PodDisruptionBudget").some((p) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels)),
      }).toEqual({
        name,
        pdb: true,
      });
    }
  });

  test("when a manifest names an image, then this repository builds it (Dockerfile + stage) or it is a known third-party image", () => {
    for (const { owner, spec } of podSpecs()) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const ok = !!builtImage(c.image) || EXTERNAL_IMAGES.some((r) => r.test(c.image));
        expect({ owner, image: c.image, ok }).toEqual({ owner, image: c.image, ok: true });
      }
    }
    for (const d of ofKind("RabbitmqCluster")) expect(EXTERNAL_IMAGES.some((r) => r.test(d.spec.image))).toBe(true);
    for (const d of ofKind("Cluster")) expect(EXTERNAL_IMAGES.some((r) => r.test(d.spec.imageName))).toBe(true);
  });

  test("when an app reads its config, then its Deployment provides every required variable (ConfigMap or Secret) and nothing the app does not read", () => {
    const secretKeys = new Map<string, string[]>(secretTemplates.map((s) => [s.metadata.name, Object.keys(s.stringData ?? {})]));
    // CloudNativePG creates `<cluster>-app` with a `uri` key for every Cluster
    for (const c of ofKind("Cluster")) secretKeys.set(`${c.metadata.name}-app`, ["uri", "username", "password", "host", "port", "dbname"]);
    const skipped: string[] = [];
    for (const app of SERVICE_APPS) {
      const c = named("Deployment", app)!.spec.template.spec.containers[0];
      const provided: string[] = [];
      for (const ef of c.envFrom ?? []) {
        expect(ef.configMapRef).toBeDefined(); // secrets are mapped key by key, never wholesale
        const cm = named("ConfigMap", ef.configMapRef.name);
        expect({ app, cm: ef.configMapRef.name, found: !!cm }).toEqual({ app, cm: ef.configMapRef.name, found: true });
        provided.push(...Object.keys(cm!.data));
      }
      for (const e of c.env ?? []) {
        provided.push(e.name);
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) expect({ app, ref, found: secretKeys.get(ref.name)?.includes(ref.key) ?? false }).toEqual({ app, ref, found: true });
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef) expect(named("ConfigMap", cmRef.name)?.data?.[cmRef.key]).toBeDefined();
      }
      expect({ app, duplicates: provided.filter((k, i) => provided.indexOf(k) !== i) }).toEqual({ app, duplicates: [] });
      const config = readAppConfig(app);
      if (!config) {
        skipped.push(app);
        continue;
      }
      const missing = config.required.filter((k) => !provided.includes(k));
      expect({ app, missing }).toEqual({ app, missing: [] });
      const reads = envReadBy(app, config);
      const unread = provided.filter((k) => !reads.has(k) && !isStandardEnv(k));
      expect({ app, unread }).toEqual({ app, unread: [] });
      // secrets never sit in a ConfigMap
      for (const ef of c.envFrom ?? []) {
        for (const k of Object.keys(named("ConfigMap", ef.configMapRef.name)!.data))
          expect(k).not.toMatch(/SECRET|PASSWORD|DATABASE_URL|AMQP_URL/);
      }
    }
    expect(skipped).toEqual([]);
  });

  test("when reservation stages uploads in /tmp, then the emptyDir has a sizeLimit that holds UPLOAD_MAX_IN_FLIGHT files of the gateway's size limit, and the container an ephemeral-storage limit", () => {
    const bytes = (q: string) => {
      const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(q));
      if (!m) throw new Error(`unexpected quantity ${q}`);
      const unit: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
      return Number(m[1]) * (m[2] ? unit[m[2]]! : 1);
    };
    const spec = named("Deployment", "reservation")!.spec.template.spec;
    const c = spec.containers[0];
    const tmp = c.volumeMounts.find((v: any) => v.mountPath === "/tmp");
    const volume = spec.volumes.find((v: any) => v.name === tmp?.name);
    expect(volume?.emptyDir?.sizeLimit).toBeDefined();
    expect(c.resources.limits["ephemeral-storage"]).toBeDefined();
    expect(c.resources.requests["ephemeral-storage"]).toBeDefined();
    const cm = named("ConfigMap", c.envFrom[0].configMapRef.name)!.data;
    const gatewayMax = Number(
      /MAX_UPLOAD_BYTES: env\.int\(([\d *]+)\)/
        .exec(read(path.join(ROOT, "apps/gateway/src/config.ts")))![1]!
        .split("*")
        .reduce((a, b) => a * Number(b), 1),
    );
    // a file the gateway lets through is not refused by size further in, and no larger one is budgeted for
    expect(Number(cm.UPLOAD_MAX_BYTES)).toBe(gatewayMax);
    const staged = Number(cm.UPLOAD_MAX_IN_FLIGHT) * Number(cm.UPLOAD_MAX_BYTES);
    expect(staged).toBeGreaterThan(0);
    expect(bytes(volume.emptyDir.sizeLimit)).toBeGreaterThan(staged);
    expect(bytes(c.resources.limits["ephemeral-storage"])).toBeGreaterThanOrEqual(bytes(volume.emptyDir.sizeLimit));
  });

  test("when the gateway's pods take connections, then the public port is open to all and the operations port only to the collector's pods", () => {
    const policies = ofKind("NetworkPolicy").filter((p) =>
      matches(p.spec.podSelector.matchLabels ?? {}, named("Deployment", "gateway")!.spec.template.metadata.labels),
    );
    expect(policies).toHaveLength(1);
    const policy = policies[0]!;
    expect(policy.spec.policyTypes).toContain("Ingress");
    const c = named("Deployment", "gateway")!.spec.template.spec.containers[0];
    const portOf = (p: string | number) => (typeof p === "number" ? p : c.ports.find((x: any) => x.name === p)?.containerPort);
    const rules = policy.spec.ingress as Array<{ from?: any[]; ports?: Array<{ port: string | number }> }>;
    const opsRules = rules.filter((r) => (r.ports ?? []).some((p) => portOf(p.port) === 9080) || r.ports === undefined);
    expect(opsRules).toHaveLength(1);
    expect(opsRules[0]!.from).toEqual([{ podSelector: { matchLabels: { "app.kubernetes.io/name": "otel-collector" } } }]);
    const collector = named("Deployment", "otel-collector")!;
    expect(matches(opsRules[0]!.from![0].podSelector.matchLabels, collector.spec.template.metadata.labels)).toBe(true);
    const publicRule = rules.find((r) => (r.ports ?? []).some((p) => portOf(p.port) === 8080));
    expect(publicRule?.from).toBeUndefined();
    // the collector's scrape target is the operations port
    expect(ofKind("ConfigMap").some((m) => JSON.stringify(m.data ?? {}).includes("gateway:9080"))).toBe(true);
  });

  test("when an app has migrations, then a Job runs its migrate image against the same database secret as the app", () => {
    for (const app of SERVICE_APPS) {
      const pkg = packageJson(path.join(ROOT, "apps", app));
      const job = named("Job", `${app}-migrate`);
      expect({ app, job: !!job }).toEqual({ app, job: !!pkg.scripts?.["migrate:deploy"] });
      if (!job) continue;
      const c = job.spec.template.spec.containers[0];
      expect(builtImage(c.image)).toEqual({ app, target: "migrate" });
      const key = `${app.toUpperCase()}_DATABASE_URL`;
      const appEnv = named("Deployment", app)!.spec.template.spec.containers[0].env.find((e: any) => e.name === key);
      expect(c.env.find((e: any) => e.name === key)?.valueFrom).toEqual(appEnv.valueFrom);
      expect(job.spec.template.spec.restartPolicy).toBe("Never");
      expect(job.spec.backoffLimit).toBeGreaterThan(0);
    }
  });

  test("when PostgreSQL and RabbitMQ run in the cluster, then operators manage them: one CNPG Cluster per service database and a 3-node RabbitmqCluster with quorum default", () => {
    for (const app of SERVICE_APPS) {
      if (!packageJson(path.join(ROOT, "apps", app)).scripts?.["migrate:deploy"]) continue;
      const cl = named("Cluster", `preprint-pg-${app}`);
      expect({ app, cluster: cl?.apiVersion }).toEqual({ app, cluster: "postgresql.cnpg.io/v1" });
      expect(cl!.spec.bootstrap.initdb.database).toBe(`preprint_${app}`);
    }
    const rmq = ofKind("RabbitmqCluster");
    expect(rmq).toHaveLength(1);
    expect(rmq[0].spec.replicas).toBeGreaterThanOrEqual(3);
    expect(rmq[0].spec.rabbitmq.additionalConfig).toMatch(/^default_queue_type = quorum$/m);
    for (const q of ofKind("Queue")) {
      expect({ q: q.spec.name, type: q.spec.type }).toEqual({ q: q.spec.name, type: "quorum" });
      expect(q.spec.rabbitmqClusterReference.name).toBe(rmq[0].metadata.name);
    }
    for (const k of ["Exchange", "Binding", "Policy"]) {
      for (const d of ofKind(k)) expect(d.spec.rabbitmqClusterReference.name).toBe(rmq[0].metadata.name);
    }
  });

  test("when the apps export telemetry in the cluster, then OTEL_EXPORTER_OTLP_ENDPOINT names the collector Service and port", () => {
    const collector = named("Service", "otel-collector")!;
    for (const app of SERVICE_APPS) {
      const cm = named("ConfigMap", `${app}-config`)!;
      const u = new URL(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT);
      expect(u.hostname).toBe("otel-collector");
      expect(collector.spec.ports.map((p: any) => p.port)).toContain(Number(u.port));
      expect(cm.data.OTEL_SERVICE_NAME).toBe(app);
    }
  });

  describe("overlays/production", () => {
    const dir = path.join(K8S, "overlays/production");
    const k = parse(read(path.join(dir, "kustomization.yaml")));
    const id = (d: Record<string, any>) => `${d.kind}/${d.metadata.name}`;

    test("when production is rendered, then it is the base without the sandbox, with live payments, registry images and more replicas", () => {
      const prod = render(dir);
      const sandbox = base
        .filter((d) => /portone-sandbox/.test(d.metadata.name))
        .map(id)
        .sort();
      expect(sandbox).toEqual([
        "ConfigMap/portone-sandbox-config",
        "Deployment/portone-sandbox",
        "Ingress/portone-sandbox",
        "Service/portone-sandbox",
      ]);
      expect(prod.map(id).sort()).toEqual(
        base
          .map(id)
          .filter((x) => !sandbox.includes(x))
          .sort(),
      );

      const prodNamed = (kind: string, name: string) => prod.find((d) => d.kind === kind && d.metadata.name === name)!;
      const live = prodNamed("ConfigMap", "payment-config").data;
      expect(live).toMatchObject({ PORTONE_MODE: "live", PORTONE_SANDBOX_HOOKS: "false" });
      expect(live.PORTONE_API_BASE_URL).toMatch(/^https:\/\//);
      expect(live).not.toHaveProperty("PORTONE_CHECKOUT_URL");
      const config = readAppConfig("payment");
      // the keys the overlay sets are read by the payment service
      if (config) for (const key of Object.keys(yamlDocs(path.join(dir, "payment-live.yaml"))[0]!.data)) expect(config.keys).toContain(key);

      // every image this repository builds runs from the registry at the release tag
      const images = prod
        .filter((d) => d.kind === "Deployment" || d.kind === "Job")
        .flatMap((d) => d.spec.template.spec.containers.map((c: any) => c.image as string));
      for (const image of images) {
        if (EXTERNAL_IMAGES.some((r) => r.test(image))) continue;
        expect(image).toMatch(/^registry\.example\.kr\/preprint\/[a-z-]+:\d+\.\d+\.\d+$/);
      }
      expect(k.images.length).toBe(images.filter((i) => !EXTERNAL_IMAGES.some((r) => r.test(i))).length);

      expect(prodNamed("Deployment", "gateway").spec.replicas).toBe(3);
      expect(prodNamed("HorizontalPodAutoscaler", "gateway").spec.minReplicas).toBe(3);
      for (const c of prod.filter((d) => d.kind === "Cluster"))
        expect({ c: c.metadata.name, instances: c.spec.instances }).toEqual({ c: c.metadata.name, instances: 3 });
    });
  });
});
