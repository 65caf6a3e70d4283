import type http from "node:http";
import type express from "express";
import type { EventHandlers } from "@preprint/messaging";
import { createServiceApp } from "./app";
import type { HealthState, ReadinessCheck } from "./health";
import { JobRunner, type JobSpec } from "./jobs";
import { createLogger, type Logger } from "./logger";
import { MessagingHost, type MessagingSpec } from "./messaging-host";
import { openApiRouter, type ApiDeclaration } from "./openapi";
import type { DatabaseClient, DatabaseSpec } from "./prisma";
import { runService, type Closeable } from "./server";

/** What `compose` gets: the pieces the skeleton built before the service's own. */
export interface ServiceContext<Client extends DatabaseClient> {
  name: string;
  logger: Logger;
  prisma: Client;
  messaging: MessagingHost;
  /** the job runner, for `jobs.kick(name)` from a handler or a route (it runs what `compose` returns) */
  jobs: JobRunner;
}

/** What a service adds to the skeleton. Everything but `routes` is optional. */
export interface ServiceParts<Extras extends object = object> {
  /** mounts the service's thin routes (http/) */
  routes(app: express.Express): void;
  /** the service's declared operations: served as `GET /openapi.json` (the gateway merges the public ones into /api/docs) */
  api?: ApiDeclaration;
  /** one handler per event type consumed (consumers/); none: the service consumes nothing */
  handlers?: EventHandlers;
  /** periodic jobs (jobs/), run by the one job runner */
  jobs?: JobSpec[];
  /** readiness checks besides the skeleton's `database` and `broker` */
  readiness?: Record<string, ReadinessCheck>;
  /**
   * Run first on stop, right after readiness turns 503 and before HTTP drains: whatever would hold
   * the drain open (open event streams) ends here.
   */
  beforeDrain?: () => Promise<void> | void;
  /** the service's own resources (adapters, gauges), closed after the consumer and the jobs stopped and before broker and database */
  resources?: Closeable[];
  /** JSON body limit (default 100kb) */
  jsonLimit?: string;
  /** service-specific members of the result (`hub`, `mailer` …) */
  extras?: Extras;
}

export interface ServiceSpec<Client extends DatabaseClient, Extras extends object = object> {
  /** the service's name: logger, queue (unless `messaging.queue`), connection name, health */
  name: string;
  port: number;
  /** default 0.0.0.0 */
  host?: string;
  /** default: a JSON logger for `name` at this level (createLogger) */
  logLevel?: string;
  /** tests pass their own */
  logger?: Logger;
  database: DatabaseSpec<Client>;
  messaging: MessagingSpec;
  /** builds the service's adapters and returns its parts; runs after logger, database client and broker connection exist */
  compose(ctx: ServiceContext<Client>): Promise<ServiceParts<Extras>> | ServiceParts<Extras>;
}

/** The same shape for every service; `Extras` are the service's own members. */
export interface ServiceCore<Client extends DatabaseClient> {
  name: string;
  app: express.Express;
  server: http.Server;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  logger: Logger;
  prisma: Client;
  messaging: MessagingHost;
  jobs: JobRunner;
  health: HealthState;
  /**
   * Graceful stop in one ordered path (idempotent): readiness 503 → `beforeDrain` → HTTP drains →
   * consumer stops taking deliveries and finishes its handlers → jobs finish their run → the
   * service's resources → gauges, outbox relay, broker connection, relay pool → database.
   */
  stop(reason?: string): Promise<void>;
}

export type StartedService<Client extends DatabaseClient, Extras extends object = object> = ServiceCore<Client> & Extras;

const CORE_KEYS = ["name", "app", "server", "port", "url", "logger", "prisma", "messaging", "jobs", "health", "stop"];

/**
 * The service skeleton: logger, database client, broker host (connection, publisher, outbox relay,
 * consumer, their gauges), the service's parts from `compose`, one job runner, health
 * (`/health/live`; `/health/ready` = database + broker + the service's checks), metrics, and one
 * ordered graceful stop. Used by `main.ts` (through `runMain`, which owns the signals) and by tests,
 * which start services in-process with their own logger and shortened retry delays.
 */
export async function startService<Client extends DatabaseClient, Extras extends object = object>(
  spec: ServiceSpec<Client, Extras>,
): Promise<StartedService<Client, Extras>> {
  const { name } = spec;
  const logger = spec.logger ?? createLogger(name, spec.logLevel);
  const prisma = spec.database.createClient(spec.database.url);
  const messaging = new MessagingHost(name, spec.messaging, logger);
  const jobs = new JobRunner(logger);
  const cleanUp: Closeable[] = [
    { name: "messaging", close: () => messaging.close() },
    { name: "prisma", close: () => prisma.$disconnect() },
  ];

  let parts: ServiceParts<Extras> | undefined;
  const abandon = async () => {
    // a half-started service must not keep the process alive or its connections open
    await jobs.stop();
    await Promise.resolve()
      .then(() => parts?.beforeDrain?.())
      .catch(() => undefined);
    for (const c of [...(parts?.resources ?? []), ...cleanUp])
      await Promise.resolve()
        .then(c.close)
        .catch(() => undefined);
  };
  try {
    parts = await spec.compose({ name, logger, prisma, messaging, jobs });
    for (const key of Object.keys(parts.extras ?? {})) {
      if (CORE_KEYS.includes(key)) throw new Error(`${name}: extra "${key}" would hide the skeleton's own`);
    }
    if (parts.handlers) messaging.consume(parts.handlers);
    jobs.add(...(parts.jobs ?? []));
    await messaging.start();
  } catch (err) {
    await abandon();
    throw err;
  }
  const composed = parts;

  const { app, health } = createServiceApp({
    service: name,
    logger,
    jsonLimit: composed.jsonLimit,
    readiness: {
      database: () => prisma.$queryRawUnsafe("SELECT 1"),
      broker: () => {
        if (!messaging.isReady()) throw new Error("not connected to RabbitMQ");
      },
      ...composed.readiness,
    },
    routes: (app) => {
      if (composed.api) app.use(openApiRouter(composed.api));
      composed.routes(app);
    },
  });
  jobs.start();

  let running: Awaited<ReturnType<typeof runService>>;
  try {
    running = await runService({
      service: name,
      app,
      health,
      logger,
      port: spec.port,
      host: spec.host,
      handleSignals: false,
      closeables: [
        { name: "consumer", close: () => messaging.stopConsuming() },
        { name: "jobs", close: () => jobs.stop() },
        ...(composed.resources ?? []),
        ...cleanUp,
      ],
    });
  } catch (err) {
    await abandon();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason?: string) =>
    (stopping ??= (async () => {
      health.shuttingDown = true;
      try {
        await composed.beforeDrain?.();
      } catch (err) {
        logger.error({ err }, "error before draining");
      }
      await running.stop(reason);
    })());

  const core: ServiceCore<Client> = {
    name,
    app,
    server: running.server,
    port: running.port,
    url: running.url,
    logger,
    prisma,
    messaging,
    jobs,
    health,
    stop,
  };
  return Object.assign(core, composed.extras) as StartedService<Client, Extras>;
}
