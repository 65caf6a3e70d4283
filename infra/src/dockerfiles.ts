/**
 * One template for the images of the Node apps: every apps/<app>/Dockerfile of a Node service is
 * this template filled with the app's few differences (DockerApp). `pnpm --filter @preprint/infra
 * run generate` writes them; a test fails when a committed Dockerfile differs from its output.
 * apps/web/Dockerfile (a static bundle behind nginx) is not a Node service and is written by hand.
 */
export interface DockerApp {
  /** the folder under apps/ and the package name after @preprint/ */
  app: string;
  /** ports the runtime image listens on: the public one first, then the operations port */
  expose: number[];
  /** the env variable of its database when it has migrations (then the image has a migrate stage) */
  databaseEnv?: string;
  /** more `&&` commands after the app's own build (another package the image carries) */
  alsoBuild?: string[];
  /** more `&&` commands after `pnpm deploy` (files the runtime stage takes from /out) */
  alsoDeploy?: string[];
  /** memory settings of the runtime: a proxy keeps V8's young generation, a service halves it */
  memory?: "proxy" | "service";
  /** runtime lines between copying the app in and dropping to the node user */
  runtime?: string[];
  /** an ENTRYPOINT line, when something runs before the app */
  entrypoint?: string;
}

const MEMORY: Record<NonNullable<DockerApp["memory"]>, string[]> = {
  proxy: [
    "# memory (docs/decisions/0122, measured in docs/benchmarks.md): glibc malloc with 2 arenas and a fixed",
    "# mmap threshold gives freed native memory back — without it every scrypt (32 MiB, sign-up/login)",
    "# stays resident. The young generation keeps V8's 32 MiB here: 16 MiB cost the proxy ~5 % CPU.",
    "ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072",
  ],
  service: [
    "# memory (docs/decisions/0122, measured in docs/benchmarks.md): glibc malloc with 2 arenas and a fixed",
    "# mmap threshold gives freed native memory back (without: +30-50 MiB RSS, and the gateway's 32 MiB",
    "# scrypt buffers stay resident); a 16 MiB young generation instead of 32. Setting NODE_OPTIONS",
    "# yourself replaces this one: keep --max-semi-space-size=8 in it.",
    "ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS=--max-semi-space-size=8",
  ],
};

export const DOCKER_APPS: DockerApp[] = [
  {
    app: "gateway",
    expose: [8080, 9080],
    databaseEnv: "GATEWAY_DATABASE_URL",
    alsoBuild: ["pnpm --filter @preprint/web run build"],
    alsoDeploy: ["mkdir -p /out/site && cp apps/web/server/site-config.mjs apps/web/server/write-site-config.mjs /out/site/"],
    memory: "proxy",
    runtime: [
      "# the web bundle, served at / (WEB_DIST_DIR)",
      "COPY --from=build /repo/apps/web/dist /app/public",
      "ENV WEB_DIST_DIR=/app/public",
      "# The merchant details (SITE_*) are configuration: at every start the writer turns them into",
      "# site.json, refusing in the test and live stages (PORTONE_MODE) without every 전자상거래법 §10",
      "# item — then the gateway does not start. The root filesystem is read-only, so site.json is a",
      "# link into /tmp (tmpfs in compose, an emptyDir in Kubernetes). A mounted site.json replaces the link.",
      "RUN rm -f /app/public/site.json && ln -s /tmp/site.json /app/public/site.json",
      "# operations port (metrics, readiness) on every interface of the container: Prometheus and the",
      "# probes reach it inside the cluster; only the public port is routed from outside",
      "ENV OPS_HOST=0.0.0.0",
    ],
    entrypoint: 'ENTRYPOINT ["sh", "-c", "node site/write-site-config.mjs && exec \\"$0\\" \\"$@\\""]',
  },
  {
    app: "reservation",
    expose: [8081],
    databaseEnv: "RESERVATION_DATABASE_URL",
    memory: "service",
    runtime: [
      "# local upload storage when no object store is configured (mount a volume here)",
      "RUN mkdir -p /app/var && chown node:node /app/var",
    ],
  },
  { app: "payment", expose: [8082], databaseEnv: "PAYMENT_DATABASE_URL", memory: "service" },
  { app: "printing", expose: [8084], databaseEnv: "PRINTING_DATABASE_URL", memory: "service" },
  {
    app: "notification",
    expose: [8083],
    databaseEnv: "NOTIFICATION_DATABASE_URL",
    memory: "service",
    runtime: [
      "# .eml files when SMTP_URL is unset (MAIL_DIR; mount a volume here)",
      "RUN mkdir -p /app/var/mail && chown -R node:node /app/var",
    ],
  },
  { app: "portone-sandbox", expose: [8090] },
];

/** `first \` + ` && next \` … : one RUN of several commands, as the images write them. */
const chain = (first: string, rest: string[]): string[] =>
  [first, ...rest.map((c) => ` && ${c}`)].map((l, i, all) => (i < all.length - 1 ? `${l} \\` : l));

const CACHE = "RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \\";

export function dockerfile(a: DockerApp): string {
  const pkg = `@preprint/${a.app}`;
  const stages = a.databaseEnv
    ? "# Stages: build (whole workspace, pnpm install + build), migrate (one-shot `prisma-wasm-migrate deploy`), runtime"
    : "# Stages: build (whole workspace, pnpm install + build), runtime";
  const lines = [
    "# syntax=docker/dockerfile:1.7",
    `# ${pkg} — build from the repository root:`,
    `#   docker build -f apps/${a.app}/Dockerfile -t preprint/${a.app} .`,
    stages,
    "# (pruned by `pnpm deploy --prod`: only this app's production dependencies, non-root). See",
    "# docs/decisions/0070-container-images.md. GENERATED from infra/src/dockerfiles.ts by",
    "# `pnpm --filter @preprint/infra run generate` — edit the template there, not this file.",
    "ARG NODE_IMAGE=node:20-bookworm-slim",
    "",
    "FROM ${NODE_IMAGE} AS base",
    "ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true \\",
    "    TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CHECKPOINT_DISABLE=1 \\",
    "    npm_config_manage_package_manager_versions=false",
    "RUN npm install -g pnpm@12.4.2 && npm cache clean --force",
    "WORKDIR /repo",
    "",
    "FROM base AS build",
    "COPY . .",
    CACHE,
    "    pnpm install --frozen-lockfile",
    ...chain(`RUN pnpm --filter "${pkg}..." run build`, a.alsoBuild ?? []),
    CACHE,
    ...chain(`    pnpm --filter ${pkg} deploy --prod /out`, ["rm -rf /out/test /out/jest.config.js", ...(a.alsoDeploy ?? [])]),
  ];
  if (a.databaseEnv) {
    lines.push(
      "",
      "# One-shot migrations: the built workspace keeps the offline WASM migrate runner",
      `# (packages/prisma-migrate-offline) and the app's prisma/ folder. Reads ${a.databaseEnv}.`,
      "FROM build AS migrate",
      `WORKDIR /repo/apps/${a.app}`,
      "USER node",
      'CMD ["pnpm", "run", "migrate:deploy"]',
    );
  }
  lines.push(
    "",
    "FROM ${NODE_IMAGE} AS runtime",
    "ENV NODE_ENV=production",
    ...(a.memory ? MEMORY[a.memory] : []),
    "WORKDIR /app",
    "COPY --from=build /out /app",
    ...(a.runtime ?? []),
    "USER node",
    `EXPOSE ${a.expose.join(" ")}`,
    ...(a.entrypoint ? [a.entrypoint] : []),
    'CMD ["node", "dist/main.js"]',
  );
  return lines.join("\n") + "\n";
}

/** Every generated Dockerfile, keyed by its path from the repository root. */
export function dockerfiles(): Record<string, string> {
  return Object.fromEntries(DOCKER_APPS.map((a) => [`apps/${a.app}/Dockerfile`, dockerfile(a)]));
}
