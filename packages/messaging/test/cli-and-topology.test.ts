import { queueNames, runCli } from "../src";
import { retryQueueFor } from "../src/topology";

function io(env: NodeJS.ProcessEnv = { AMQP_URL: "amqp://127.0.0.1:1" }) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env } };
}

describe("preprint-dlq arguments", () => {
  it("when AMQP_URL is missing, then it exits 2 and says so", async () => {
    const c = io({});
    expect(await runCli(["list", "--queue", "notification"], c.io)).toBe(2);
    expect(c.err.join()).toContain("AMQP_URL is not set");
  });

  it("when replay gets neither --id nor --all (or both), then it exits 2 without touching the broker", async () => {
    for (const args of [[], ["--all", "--id", "x"]]) {
      const c = io();
      expect(await runCli(["replay", "--queue", "notification", ...args], c.io)).toBe(2);
      expect(c.err.join()).toContain("exactly one of --id");
    }
  });

  it("when the command is unknown or --queue is missing, then it exits 2 with the usage", async () => {
    const a = io();
    expect(await runCli(["purge", "--queue", "q"], a.io)).toBe(2);
    expect(a.err.join()).toContain('unknown command "purge"');
    const b = io();
    expect(await runCli(["list"], b.io)).toBe(2);
    expect(b.err.join()).toContain("--queue is required");
  });

  it("when the broker is unreachable, then it exits 1 with the error", async () => {
    const c = io();
    expect(await runCli(["list", "--queue", "q"], c.io)).toBe(1);
    expect(c.err.join()).toMatch(/preprint-dlq: .*ECONNREFUSED/);
  });
});

describe("queue names", () => {
  it("when delays are given, then each gets a retry queue named by its delay and attempts past the list reuse the last", () => {
    const names = queueNames("t.notification", [100, 500]);
    expect(names).toEqual({
      main: "t.notification",
      dlq: "t.notification.dlq",
      retry: [
        { delayMs: 100, name: "t.notification.retry.100ms" },
        { delayMs: 500, name: "t.notification.retry.500ms" },
      ],
    });
    expect(retryQueueFor(names, [100, 500], 1).name).toBe("t.notification.retry.100ms");
    expect(retryQueueFor(names, [100, 500], 2).name).toBe("t.notification.retry.500ms");
    expect(retryQueueFor(names, [100, 500], 7).name).toBe("t.notification.retry.500ms");
  });
});
