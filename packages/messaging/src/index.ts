export { MessagingConnection, type ConnectionOptions, type ConnectionParticipant } from "./connection";
export { Publisher, PublishError, type PublisherOptions, type PublishOptions, type OutgoingMessage, type PublishResult } from "./publisher";
export { Consumer, type ConsumerOptions, type EventHandler, type EventHandlers, type HandlerContext } from "./consumer";
export { enqueueEvent, enqueueEvents, type EnqueueOptions } from "./outbox";
export { claimInbox, handleOnce, handleOncePg, pruneInbox, type TransactionalClient, type HandleOnceResult } from "./inbox";
export { OutboxRelay, type OutboxRelayOptions, type RelayStats } from "./relay";
export { listDeadLetters, replayDeadLetters, type DeadLetter, type DlqOptions } from "./dlq";
export { runCli } from "./cli";
export {
  DEFAULT_EXCHANGE,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAYS_MS,
  Headers,
  queueNames,
  assertExchange,
  assertConsumerTopology,
  deleteConsumerTopology,
  type QueueNames,
  type ConsumerTopology,
  type QueueType,
} from "./topology";
export { messagingSchemaSql, DEFAULT_NOTIFY_CHANNEL, type RawSqlExecutor, type PgQueryable, type SqlExecutor } from "./sql";
export { injectContext, extractContext, type TraceCarrier } from "./tracing";
export { consoleLogger, silentLogger, type Logger } from "./logger";
