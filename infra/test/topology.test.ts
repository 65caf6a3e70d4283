import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import amqp from "amqplib";
import { assertConsumerTopology, deleteConsumerTopology } from "@preprint/messaging";
import { AMQP_URL } from "@preprint/test-support";
import { brokerTopology, consumers, generatedFiles, rabbitDefinitions } from "../src";
import { read, ROOT, walk } from "./support";

describe("RabbitMQ topology", () => {
  test("when the topology source changes, then the committed definitions and Topology Operator CRs match it (run `pnpm --filter @preprint/infra run generate`)", () => {
    for (const [rel, content] of Object.entries(generatedFiles()))
      expect({ rel, same: read(`infra/${rel}`) === content }).toEqual({ rel, same: true });
  });

  test("when a service consumes events, then the pre-declared bindings are exactly its handler keys", () => {
    for (const spec of consumers) {
      const src = path.join(ROOT, "apps", spec.app, "src");
      // handler maps live in src/consumers/, in src/service.ts (the kit's `handlers`) or next to `new Consumer(`
      const files = walk(src, (f) => f.endsWith(".ts") && !f.includes(`${path.sep}generated${path.sep}`)).filter(
        (f) => f.includes(`${path.sep}consumers${path.sep}`) || f === path.join(src, "service.ts") || read(f).includes("new Consumer("),
      );
      expect({ app: spec.app, files: files.length > 0 }).toEqual({ app: spec.app, files: true });
      const keys = new Set<string>();
      for (const f of files) for (const m of read(f).matchAll(/["']((?:reservation|payment|refund)\.[a-z-]+)["']\s*:/g)) keys.add(m[1]);
      expect({ app: spec.app, keys: [...keys].sort() }).toEqual({ app: spec.app, keys: [...spec.routingKeys].sort() });
    }
  });

  test("when the definitions are built, then every queue is quorum, each service has a DLQ and its queue dead-letters there", () => {
    const t = brokerTopology();
    for (const spec of consumers) {
      const main = t.queues.find((q) => q.name === spec.service)!;
      expect(main.arguments["x-dead-letter-routing-key"]).toBe(`${spec.service}.dlq`);
      expect(t.queues.some((q) => q.name === `${spec.service}.dlq`)).toBe(true);
    }
    for (const q of t.queues) expect(q.arguments["x-queue-type"]).toBe("quorum");
    // the DLQ policy and the dead-lettering policy never both match one queue (only one policy applies)
    for (const q of t.queues) {
      const hits = t.policies.filter((p) => new RegExp(p.pattern).test(q.name));
      expect({ q: q.name, hits: hits.length }).toEqual({ q: q.name, hits: 1 });
    }
  });

  // Real broker: a throwaway vhost with default queue type quorum (as the deployed broker is
  // configured), the committed definitions imported into it, then the services' own declaration
  // code run against it. Proves the pre-declared quorum queues are equivalent to what the apps
  // declare (else: PRECONDITION_FAILED at start-up) and that events route and retry through them.
  describe("on the local broker", () => {
    const vhost = `preprint-infra-test-${randomBytes(4).toString("hex")}`;
    const ctl = (...args: string[]) =>
      execFileSync("rabbitmqctl", ["-q", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    // rabbitmqctl may run as the broker's own user (Debian's wrapper): the file must be world-readable
    const importDefinitions = (json: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), "preprint-infra-"));
      try {
        chmodSync(dir, 0o755);
        const file = path.join(dir, "definitions.json");
        writeFileSync(file, json, { mode: 0o644 });
        ctl("import_definitions", file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const base = AMQP_URL;
    const url = `${base.replace(/\/$/, "")}/${encodeURIComponent(vhost)}`;
    const user = new URL(base).username || "guest";
    let defsJson: string;

    beforeAll(() => {
      ctl("add_vhost", vhost, "--default-queue-type", "quorum");
      ctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
      const defs = rabbitDefinitions();
      // policies are checked on RabbitMQ 4.x semantics (delivery-limit -1); this machine's broker may be older
      const withVhost = {
        exchanges: defs.exchanges.map((e) => ({ ...e, vhost })),
        queues: defs.queues.map((q) => ({ ...q, vhost })),
        bindings: defs.bindings.map((b) => ({ ...b, vhost })),
      };
      defsJson = JSON.stringify(withVhost);
      importDefinitions(defsJson);
    }, 60_000);

    afterAll(() => {
      ctl("delete_vhost", vhost);
    }, 60_000);

    test("when the services declare their queues over the imported definitions, then the declarations are accepted and the queues are quorum", async () => {
      const conn = await amqp.connect(url);
      try {
        for (const spec of consumers) {
          const ch = await conn.createChannel();
          await assertConsumerTopology(ch, {
            exchange: "preprint.events",
            queue: spec.service,
            routingKeys: spec.routingKeys,
            retryDelaysMs: spec.retryDelaysMs,
          });
          await ch.close();
        }
      } finally {
        await conn.close();
      }
      const listed = ctl("list_queues", "-p", vhost, "name", "type", "--no-table-headers");
      const rows = listed
        .trim()
        .split("\n")
        .map((l) => l.trim().split(/\s+/));
      const expected = brokerTopology()
        .queues.map((q) => q.name)
        .sort();
      expect(rows.map((r) => r[0]).sort()).toEqual(expected);
      for (const r of rows) expect({ q: r[0], type: r[1] }).toEqual({ q: r[0], type: "quorum" });
    }, 30_000);

    test("when an event is published, then only the services bound to it get it, and a message in a retry queue comes back to the service queue after its TTL", async () => {
      const conn = await amqp.connect(url);
      const ch = await conn.createConfirmChannel();
      try {
        // routing is by key; the body only needs an id to recognise it
        const event = { id: `evt-${randomBytes(6).toString("hex")}`, type: "refund.requested" };
        ch.publish("preprint.events", "refund.requested", Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
        await ch.waitForConfirms();
        // payment binds refund.requested; reservation and notification do not
        const deadline = Date.now() + 5_000;
        let depth = 0;
        while (Date.now() < deadline && depth === 0) {
          depth = (await ch.checkQueue("payment")).messageCount;
          if (!depth) await new Promise((r) => setTimeout(r, 100));
        }
        expect(depth).toBe(1);
        expect((await ch.checkQueue("reservation")).messageCount).toBe(0);
        expect((await ch.checkQueue("notification")).messageCount).toBe(0);

        // the retry hop: 1 s TTL, then dead-lettered back to the service queue
        const got = await ch.get("payment", { noAck: false });
        expect(got && JSON.parse(got.content.toString()).id).toBe(event.id);
        if (!got) throw new Error("no message in payment");
        ch.sendToQueue("payment.retry.1000ms", got.content, { persistent: true, messageId: event.id });
        await ch.waitForConfirms();
        ch.ack(got);
        const back = Date.now() + 10_000;
        let returned: amqp.GetMessage | false = false;
        while (Date.now() < back && !returned) {
          returned = await ch.get("payment", { noAck: false });
          if (!returned) await new Promise((r) => setTimeout(r, 200));
        }
        expect(returned && returned.properties.messageId).toBe(event.id);
        ch.ack(returned as amqp.GetMessage);
      } finally {
        await ch.close().catch(() => undefined);
        await conn.close();
      }
    }, 30_000);

    test("when a service queue is deleted by the messaging helper, then the imported definitions can be re-imported (idempotent set-up)", async () => {
      const conn = await amqp.connect(url);
      try {
        const ch = await conn.createChannel();
        await deleteConsumerTopology(ch, "notification");
        await ch.close();
      } finally {
        await conn.close();
      }
      expect(ctl("list_queues", "-p", vhost, "name", "--no-table-headers")).not.toMatch(/^notification$/m);
      importDefinitions(defsJson);
      expect(ctl("list_queues", "-p", vhost, "name", "--no-table-headers")).toMatch(/^notification$/m);
    }, 30_000);
  });
});
