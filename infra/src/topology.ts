import { eventTypes, type EventType } from "@preprint/contracts";
import { DEFAULT_EXCHANGE, DEFAULT_RETRY_DELAYS_MS, queueNames } from "@preprint/messaging";

/**
 * The broker topology, derived from @preprint/messaging's naming (queueNames) so the
 * pre-declared queues are exactly what each service's Consumer declares at start-up:
 * `<service>` (dead-letters to `<service>.dlq`), `<service>.dlq`, and one TTL queue per retry delay
 * (`<service>.retry.<ms>ms`, dead-lettering back to `<service>`).
 *
 * Every queue is a quorum queue. The services declare theirs without `x-queue-type`; the broker's
 * `default_queue_type = quorum` makes those declarations equivalent (docs/decisions/0072).
 */
export interface ConsumerSpec {
  /** the `service` given to `new Consumer(...)` = the queue name (no prefix in deployments) */
  service: string;
  /** the app folder whose handlers these are */
  app: string;
  /** event types the service handles = the queue's bindings */
  routingKeys: EventType[];
  retryDelaysMs: readonly number[];
}

export const EXCHANGE = DEFAULT_EXCHANGE;

/** Kept in step with each app's handler map by test/topology.test.ts. */
export const consumers: ConsumerSpec[] = [
  {
    service: "reservation",
    app: "reservation",
    routingKeys: ["payment.approved", "payment.failed", "refund.completed", "refund.failed"],
    retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  },
  {
    service: "payment",
    app: "payment",
    routingKeys: ["refund.requested", "reservation.status-changed"],
    retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  },
  {
    service: "notification",
    app: "notification",
    routingKeys: [
      "reservation.confirmed",
      "reservation.ready",
      "reservation.expired",
      "reservation.picked-up",
      "reservation.status-changed",
      "payment.failed",
      "refund.completed",
      "refund.failed",
    ],
    retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  },
  {
    service: "printing",
    app: "printing",
    routingKeys: ["reservation.confirmed", "refund.completed"],
    retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  },
];

export interface QueueDef {
  name: string;
  role: "main" | "dlq" | "retry";
  service: string;
  /** queue arguments exactly as the service's assertQueue sends them, plus x-queue-type */
  arguments: Record<string, string | number>;
}

export interface BindingDef {
  source: string;
  destination: string;
  routingKey: string;
}

export interface PolicyDef {
  name: string;
  pattern: string;
  applyTo: "queues" | "quorum_queues";
  priority: number;
  definition: Record<string, string | number>;
}

export interface Topology {
  exchange: { name: string; type: "topic"; durable: true };
  queues: QueueDef[];
  bindings: BindingDef[];
  policies: PolicyDef[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function brokerTopology(specs: ConsumerSpec[] = consumers): Topology {
  const queues: QueueDef[] = [];
  const bindings: BindingDef[] = [];
  for (const spec of specs) {
    for (const key of spec.routingKeys) {
      if (!eventTypes.includes(key)) throw new Error(`${spec.service}: unknown event type ${key}`);
    }
    const n = queueNames(spec.service, spec.retryDelaysMs);
    queues.push({ name: n.dlq, role: "dlq", service: spec.service, arguments: { "x-queue-type": "quorum" } });
    queues.push({
      name: n.main,
      role: "main",
      service: spec.service,
      arguments: { "x-queue-type": "quorum", "x-dead-letter-exchange": "", "x-dead-letter-routing-key": n.dlq },
    });
    for (const r of n.retry) {
      queues.push({
        name: r.name,
        role: "retry",
        service: spec.service,
        arguments: {
          "x-queue-type": "quorum",
          "x-message-ttl": r.delayMs,
          "x-dead-letter-exchange": "",
          "x-dead-letter-routing-key": n.main,
        },
      });
    }
    for (const key of spec.routingKeys) bindings.push({ source: EXCHANGE, destination: n.main, routingKey: key });
  }
  const services = specs.map((s) => escape(s.service)).join("|");
  const policies: PolicyDef[] = [
    {
      // a parked message must never be dropped: no delivery limit on the DLQs (`preprint-dlq list`
      // returns the messages it looked at, which counts as a redelivery on quorum queues)
      name: "preprint-dlq",
      pattern: `^(${services})\\.dlq$`,
      applyTo: "quorum_queues",
      priority: 10,
      definition: { "delivery-limit": -1 },
    },
    {
      // retry hops (TTL → service queue) and parking (service queue → DLQ) are dead-letter moves;
      // at-least-once dead-lettering keeps a message if the broker fails mid-move
      name: "preprint-at-least-once-dead-lettering",
      pattern: `^(${services})(\\.retry\\.\\d+ms)?$`,
      applyTo: "quorum_queues",
      priority: 5,
      definition: { "dead-letter-strategy": "at-least-once", overflow: "reject-publish" },
    },
  ];
  return { exchange: { name: EXCHANGE, type: "topic", durable: true }, queues, bindings, policies };
}

/** RabbitMQ definitions (management API / `rabbitmqctl import_definitions`) for vhost "/". */
export function rabbitDefinitions(t: Topology = brokerTopology()) {
  const vhost = "/";
  return {
    exchanges: [{ name: t.exchange.name, vhost, type: t.exchange.type, durable: true, auto_delete: false, internal: false, arguments: {} }],
    queues: t.queues.map((q) => ({ name: q.name, vhost, durable: true, auto_delete: false, arguments: q.arguments })),
    bindings: t.bindings.map((b) => ({
      source: b.source,
      vhost,
      destination: b.destination,
      destination_type: "queue",
      routing_key: b.routingKey,
      arguments: {},
    })),
    policies: t.policies.map((p) => ({
      name: p.name,
      vhost,
      pattern: p.pattern,
      "apply-to": p.applyTo,
      priority: p.priority,
      definition: p.definition,
    })),
  };
}

const k8sName = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * The same topology as RabbitMQ Messaging Topology Operator resources (rabbitmq.com/v1beta1),
 * bound to the RabbitmqCluster `clusterName`.
 */
export function topologyOperatorResources(t: Topology = brokerTopology(), clusterName = "preprint-rabbitmq") {
  const rabbitmqClusterReference = { name: clusterName };
  const meta = (name: string) => ({
    name,
    labels: { "app.kubernetes.io/part-of": "preprint", "app.kubernetes.io/component": "messaging" },
  });
  const docs: Record<string, unknown>[] = [];
  docs.push({
    apiVersion: "rabbitmq.com/v1beta1",
    kind: "Exchange",
    metadata: meta(k8sName(t.exchange.name)),
    spec: { name: t.exchange.name, type: t.exchange.type, durable: true, autoDelete: false, rabbitmqClusterReference },
  });
  for (const q of t.queues) {
    const { "x-queue-type": type, ...args } = q.arguments;
    docs.push({
      apiVersion: "rabbitmq.com/v1beta1",
      kind: "Queue",
      metadata: meta(`queue-${k8sName(q.name)}`),
      spec: {
        name: q.name,
        type,
        durable: true,
        autoDelete: false,
        ...(Object.keys(args).length ? { arguments: args } : {}),
        rabbitmqClusterReference,
      },
    });
  }
  for (const b of t.bindings) {
    docs.push({
      apiVersion: "rabbitmq.com/v1beta1",
      kind: "Binding",
      metadata: meta(`binding-${k8sName(b.destination)}-${k8sName(b.routingKey)}`),
      spec: { source: b.source, destination: b.destination, destinationType: "queue", routingKey: b.routingKey, rabbitmqClusterReference },
    });
  }
  for (const p of t.policies) {
    docs.push({
      apiVersion: "rabbitmq.com/v1beta1",
      kind: "Policy",
      metadata: meta(`policy-${k8sName(p.name)}`),
      spec: {
        name: p.name,
        pattern: p.pattern,
        applyTo: p.applyTo,
        priority: p.priority,
        definition: p.definition,
        rabbitmqClusterReference,
      },
    });
  }
  return docs;
}
