import { Pool } from "pg";
import { z } from "zod";
import { createEvent, newId } from "@preprint/contracts";
import { deleteConsumerTopology, enqueueEvent, MessagingConnection, messagingSchemaSql, silentLogger } from "@preprint/messaging";
import { createTestDatabase, uniqueName, waitFor, type TestDatabase } from "@preprint/test-support";
import { createApi, createLogger, handleOperation, serveOperation, startService, type DatabaseClient, type StartedService } from "../src";

// A whole service on the skeleton against the real PostgreSQL and RabbitMQ: an event written to
// the outbox goes out through the relay and comes back to the same service's consumer.
jest.setTimeout(60_000);

const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const logger = createLogger("skeleton-test", process.env.TEST_LOG_LEVEL ?? "silent");

/** The smallest database client the skeleton accepts: a pg pool (a generated Prisma client in a service). */
class PoolClient implements DatabaseClient {
  readonly pool: Pool;
  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 2 });
  }
  $queryRawUnsafe(query: string) {
    return this.pool.query(query);
  }
  async $disconnect() {
    await this.pool.end();
  }
}

const api = createApi({ service: "skeleton", title: "skeleton", version: "1.0.0" });
const hello = api.operation({
  method: "get",
  path: "/api/hello",
  tag: "operations",
  summary: "Greets",
  security: "none",
  response: { status: 200, description: "A greeting", schema: z.object({ hello: z.string() }) },
});

let db: TestDatabase;
const exchange = uniqueName("kit_ex");
const prefix = `${uniqueName("kit")}.`;

beforeAll(async () => {
  db = await createTestDatabase("kit_svc");
  const c = new Pool({ connectionString: db.url, max: 1 });
  await c.query(messagingSchemaSql());
  await c.end();
});

afterAll(async () => {
  await db?.drop();
});

describe("startService", () => {
  let svc: StartedService<PoolClient, { marker: string }>;
  const received: string[] = [];
  const closed: string[] = [];
  let jobRuns = 0;
  let listenUp = true;

  beforeAll(async () => {
    svc = await startService({
      name: "skeleton",
      port: 0,
      host: "127.0.0.1",
      logger,
      database: { url: db.url, createClient: (url) => new PoolClient(url) },
      messaging: {
        env: { AMQP_URL, EVENTS_EXCHANGE: exchange, QUEUE_PREFIX: prefix },
        outbox: { databaseUrl: db.url, pollIntervalMs: 200 },
        retryDelaysMs: [100],
        maxAttempts: 2,
      },
      compose: ({ jobs }) => ({
        api,
        routes: (app) => {
          // declared as /api/hello (the public path), served as /hello (what the gateway forwards)
          serveOperation(
            app,
            hello,
            handleOperation(hello, () => {
              jobs.kick("counter");
              return { hello: "world", dropped: true };
            }),
          );
        },
        handlers: {
          "reservation.status-changed": async (event) => {
            received.push(event.id);
          },
        },
        jobs: [{ name: "counter", intervalMs: 60_000, initialDelayMs: 60_000, run: async () => void jobRuns++ }],
        readiness: {
          listen: () => {
            if (!listenUp) throw new Error("down");
          },
        },
        beforeDrain: () => void closed.push("beforeDrain"),
        resources: [{ name: "adapter", close: () => void closed.push("adapter") }],
        extras: { marker: "mine" },
      }),
    });
    await svc.messaging.connection.waitUntilReady(10_000);
  });

  afterAll(async () => {
    await svc?.stop("test done");
    const conn = await new MessagingConnection({ url: AMQP_URL, exchange, logger: silentLogger }).connect();
    const ch = await conn.createChannel();
    await deleteConsumerTopology(ch, `${prefix}skeleton`, [100]).catch(() => undefined);
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close();
  });

  it("when started, then the result has the one shape every service has, plus the service's extras", () => {
    for (const key of ["name", "app", "server", "port", "url", "logger", "prisma", "messaging", "jobs", "health", "stop"])
      expect(svc).toHaveProperty(key);
    expect(svc.marker).toBe("mine");
    expect(svc.url).toBe(`http://127.0.0.1:${svc.port}`);
    expect(svc.messaging.queue).toBe(`${prefix}skeleton`);
  });

  it("when every dependency answers, then /health/ready is 200 with database, broker and the service's checks; one down makes it 503", async () => {
    const ok = await fetch(`${svc.url}/health/ready`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { checks: object }).checks).toEqual({
      database: { status: "up" },
      broker: { status: "up" },
      listen: { status: "up" },
    });
    listenUp = false;
    const down = await fetch(`${svc.url}/health/ready`);
    expect(down.status).toBe(503);
    listenUp = true;
  });

  it("when a transaction writes an event to the outbox, then the relay publishes it and the consumer hands it to the handler", async () => {
    const event = createEvent(
      "reservation.status-changed",
      {
        reservationId: newId("rsv"),
        customerId: newId("usr"),
        storeId: "sto_1",
        from: "CONFIRMED",
        to: "PRINTING",
        at: new Date().toISOString(),
      },
      { source: "skeleton" },
    );
    await enqueueEvent(svc.prisma.pool, event);
    await waitFor(() => received.includes(event.id), { timeoutMs: 10_000, description: "event consumed" });
  });

  it("when the service declares its operations, then GET /openapi.json serves them and answers are shaped by the declared schema", async () => {
    const doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as { paths: Record<string, unknown>; "x-service": string };
    expect(doc["x-service"]).toBe("skeleton");
    expect(Object.keys(doc.paths)).toEqual(["/api/hello"]);
  });

  it("when a route kicks a job, then the job runs without waiting for its interval", async () => {
    expect(jobRuns).toBe(0);
    expect(await (await fetch(`${svc.url}/hello`)).json()).toEqual({ hello: "world" });
    await waitFor(() => jobRuns === 1, { timeoutMs: 2_000 });
  });

  it("when a service names an extra like a member of the skeleton, then the start is refused", async () => {
    await expect(
      startService({
        name: "clash",
        port: 0,
        logger,
        database: { url: db.url, createClient: (url) => new PoolClient(url) },
        messaging: { env: { AMQP_URL, EVENTS_EXCHANGE: exchange, QUEUE_PREFIX: prefix } },
        compose: () => ({ routes: () => undefined, extras: { prisma: "shadow" } }),
      }),
    ).rejects.toThrow(/extra "prisma"/);
  });

  it("when stopped, then beforeDrain runs first, the service's resources close, HTTP no longer answers and a second stop is the same stop", async () => {
    const first = svc.stop("test");
    expect(svc.stop("again")).toBe(first);
    await first;
    expect(closed).toEqual(["beforeDrain", "adapter"]);
    await expect(fetch(`${svc.url}/health/live`)).rejects.toThrow();
    expect(svc.messaging.isReady()).toBe(false);
  });
});
