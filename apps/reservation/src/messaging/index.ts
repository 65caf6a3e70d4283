import { Pool } from "pg";
import { Consumer, MessagingConnection, OutboxRelay, Publisher, type Logger as MsgLogger } from "@preprint/messaging";
import type { Logger } from "@preprint/service-kit";
import { withDomainIds } from "@preprint/telemetry";
import { eventHandlers, type ConsumerDeps } from "../consumers";

export interface MessagingOptions extends ConsumerDeps {
  amqpUrl: string;
  exchange: string;
  queuePrefix?: string;
  databaseUrl: string;
  logger: Logger;
  retryDelaysMs?: number[];
  maxAttempts?: number;
  relayPollMs?: number;
}

export interface Messaging {
  connection: MessagingConnection;
  relay: OutboxRelay;
  consumer: Consumer;
  pool: Pool;
  start(): Promise<void>;
  /** consumer first (finish in-flight handlers), then relay, then connections */
  stop(): Promise<void>;
}

/** The broker side of the service: outbox relay (publishes what transactions wrote) and the consumer. */
export function createMessaging(o: MessagingOptions): Messaging {
  // pino has the (obj, msg) shape the messaging package expects
  const logger: MsgLogger = o.logger;
  const connection = new MessagingConnection({ url: o.amqpUrl, exchange: o.exchange, queuePrefix: o.queuePrefix, connectionName: "reservation", logger });
  const pool = new Pool({ connectionString: o.databaseUrl, max: 3 });
  // An idle client whose connection drops (database restart, network cut) emits "error" on the pool;
  // without a listener that is an uncaught exception and the whole process dies. The pool discards
  // the client by itself and the next query opens a new connection.
  pool.on("error", (err) => logger.warn({ err: err.message }, "outbox pool: idle connection lost"));
  const relay = new OutboxRelay(pool, new Publisher(connection), { logger, pollIntervalMs: o.relayPollMs });
  const consumer = new Consumer(connection, {
    service: "reservation",
    handlers: withDomainIds(eventHandlers(o)),
    logger,
    retryDelaysMs: o.retryDelaysMs,
    maxAttempts: o.maxAttempts,
  });
  return {
    connection,
    relay,
    consumer,
    pool,
    async start() {
      connection.start();
      await consumer.start();
      await relay.start();
    },
    async stop() {
      await consumer.stop();
      await relay.stop();
      await connection.close();
      await pool.end();
    },
  };
}
