import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client } from "pg";
import { createTestDatabase, dropDatabase, TcpProxy, uniqueName, waitFor } from "../src";

async function echoServer(): Promise<net.Server> {
  const server = net.createServer((s) => {
    s.on("error", () => undefined); // the proxy resets its upstream side on cut()
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return server;
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => s.write(text));
    s.once("data", (d) => {
      resolve(d.toString());
      s.destroy();
    });
    s.on("error", reject);
    s.once("close", () => reject(new Error("closed before reply")));
  });
}

describe("TcpProxy", () => {
  let upstream: net.Server;
  let proxy: TcpProxy;
  beforeEach(async () => {
    upstream = await echoServer();
    proxy = new TcpProxy({ targetPort: (upstream.address() as net.AddressInfo).port });
    await proxy.start();
  });
  afterEach(async () => {
    await proxy.close();
    await new Promise((r) => upstream.close(r));
  });

  it("when the proxy is open, then bytes reach the upstream and come back", async () => {
    await expect(roundTrip(proxy.port, "hello")).resolves.toBe("hello");
    expect(proxy.connectionsAccepted).toBe(1);
  });

  it("when cut, then open connections die and new ones are refused until restored", async () => {
    const s = net.connect(proxy.port, "127.0.0.1");
    s.on("error", () => undefined);
    await new Promise((r) => s.once("connect", r));
    await waitFor(() => proxy.activeConnections === 1);
    const closed = new Promise((r) => s.once("close", r));
    proxy.cut();
    await closed;
    await expect(roundTrip(proxy.port, "x")).rejects.toThrow();
    proxy.restore();
    await expect(roundTrip(proxy.port, "back")).resolves.toBe("back");
  });

  it("when rewriting a URL, then host and port point at the proxy and the rest is kept", () => {
    expect(proxy.rewriteUrl("amqp://guest:guest@localhost:5672/vh")).toBe(`amqp://guest:guest@127.0.0.1:${proxy.port}/vh`);
  });
});

describe("createTestDatabase", () => {
  it("when created, then it is reachable and dropDatabase removes it", async () => {
    const db = await createTestDatabase("ts_support");
    expect(db.name).toMatch(/^ts_support_/);
    const c = new Client({ connectionString: db.url });
    c.on("error", () => undefined); // the forced drop terminates this session
    await c.connect();
    const { rows } = await c.query("select current_database() as name");
    expect(rows[0].name).toBe(db.name);
    // an open connection must not prevent the drop
    await dropDatabase(db.url);
    await c.end().catch(() => undefined);
    const admin = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    const left = await admin.query("select 1 from pg_database where datname = $1", [db.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});

describe("waitFor and uniqueName", () => {
  it("when the predicate becomes truthy, then its value is returned", async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : 0), { intervalMs: 1 })).resolves.toBe(3);
  });

  it("when the predicate never holds, then it rejects naming the description and last error", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("boom");
        },
        { timeoutMs: 50, description: "never" },
      ),
    ).rejects.toThrow(/timed out after 50 ms: never; last error: boom/);
  });

  it("when called twice with one prefix, then names differ and are safe identifiers", () => {
    const a = uniqueName("My-Queue");
    expect(a).not.toBe(uniqueName("My-Queue"));
    expect(a).toMatch(/^my_queue_[a-z0-9]+$/);
  });
});

describe("startApp", () => {
  it("when the test process that started an app is killed, then the app shuts down too (no orphaned systems)", async () => {
    // a test process (built startApp, as the suites use it) starting a one-file "app", then SIGKILLed
    const app = `require("node:http").createServer((q, s) => s.end("ok")).listen(process.env.PORT)`;
    const parentScript = `
      const { startApp } = require(${JSON.stringify(path.join(__dirname, "..", "dist", "app-process.js"))});
      startApp({ name: "orphan-check", cwd: __dirname, args: ["-e", ${JSON.stringify(app)}], readyPath: "/" })
        .then((a) => process.stdout.write(a.child.pid + "\\n"));
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ["-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
    const appPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once("data", (b: Buffer) => resolve(Number(b.toString().trim())));
      parent.once("exit", (code) => reject(new Error(`parent exited early (${code})`)));
    });
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(appPid)).toBe(true);
    parent.kill("SIGKILL");
    try {
      await waitFor(() => !alive(appPid), { timeoutMs: 5_000, description: "app gone after its parent" });
    } finally {
      if (alive(appPid)) process.kill(appPid, "SIGKILL");
    }
  });
});

describe("freePort", () => {
  it("when called many times in a row, then every port is different, free, and below the kernel's ephemeral range", async () => {
    const { freePort } = await import("../src/app-process");
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 100; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(100);
    for (const p of ports) expect(p).toBeLessThan(low);
    // free: a server can listen on it now (on every address, as the apps do)
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(ports[0], () => resolve());
    });
    await new Promise((r) => srv.close(r));
  });
});
