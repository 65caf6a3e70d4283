import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./support";

/**
 * scripts/lib.sh's ensure_services on machines we cannot make for real (a bare Debian, a Mac): the
 * system commands it runs (apt-get, pg_ctlcluster, rabbitmq-server, id) are stubs on a PATH that has
 * nothing else of the machine's, and the stubs record each call and do what the real ones would do
 * to the state the script looks at (a version folder in /etc/postgresql, an open port).
 */
interface Machine {
  debian: boolean;
  /** no-cluster: the package is installed but its cluster was dropped */
  postgres: "absent" | "no-cluster" | "stopped" | "running";
  rabbitmq: "absent" | "stopped" | "running";
}

const TOOLS = ["bash", "ls", "sort", "tail", "head", "sed", "mkdir", "touch", "cat", "seq", "env", "dirname", "tr", "cp", "chmod"];

function which(tool: string): string {
  const r = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} not found`);
  return r.stdout.trim();
}

function stub(dir: string, name: string, body: string) {
  const p = path.join(dir, name);
  writeFileSync(p, `#!${which("bash")}\necho "${name} $*" >> "$CALLS"\n${body}\n`);
  chmodSync(p, 0o755);
}

interface Options {
  /** connection settings in the environment (what start.sh has after reading .env) */
  env?: Record<string, string>;
  /** ensure_services' arguments */
  args?: string;
  /** not root: as_root goes through a sudo stub that records its flags */
  user?: boolean;
}

function run(machine: Machine, opts: Options = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "preprint-machine-"));
  const bin = path.join(tmp, "bin");
  const sys = path.join(tmp, "sys");
  const state = path.join(tmp, "state");
  const etc = path.join(tmp, "etc/postgresql");
  for (const d of [bin, sys, state, path.join(tmp, "sbin")]) mkdirSync(d, { recursive: true });
  for (const t of TOOLS) symlinkSync(which(t), path.join(sys, t));
  symlinkSync(process.execPath, path.join(sys, "node"));

  // what the packages bring: their commands (stubs kept in pkg/ until "installed") and, for PostgreSQL, a cluster
  const pkg = path.join(tmp, "pkg");
  mkdirSync(pkg);
  stub(pkg, "pg_ctlcluster", `[ "$4" = start ] && touch "$STATE/port.5432"; exit 0`);
  stub(pkg, "pg_createcluster", `mkdir -p "$PG_ETC_DIR/$1/$2"; echo "local all postgres peer" > "$PG_ETC_DIR/$1/$2/pg_hba.conf"`);
  stub(pkg, "rabbitmq-server", `[ "$1" = -detached ] && touch "$STATE/port.5672"; exit 0`);
  const installPostgres = `cp "$PKG/pg_ctlcluster" "$PKG/pg_createcluster" "$BIN/"; mkdir -p "$PG_ETC_DIR/15/main"; echo "local all postgres peer" > "$PG_ETC_DIR/15/main/pg_hba.conf"`;
  const installRabbitmq = `cp "$PKG/rabbitmq-server" "$BIN/"`;
  // root: as_root runs commands directly; a user: through sudo
  writeFileSync(path.join(bin, "id"), `#!${which("bash")}\necho ${opts.user ? 1000 : 0}\n`);
  chmodSync(path.join(bin, "id"), 0o755);
  if (opts.user) stub(bin, "sudo", `[ "$1" = -n ] || { echo "sudo would prompt" >&2; exit 1; }\nshift\nexec "$@"`);
  stub(
    bin,
    "apt-get",
    `case "$*" in
  *install*postgresql*) ${installPostgres} ;;
  *install*rabbitmq-server*) ${installRabbitmq} ;;
esac
exit 0`,
  );
  const env = { PATH: `${bin}:${sys}`, STATE: state, BIN: bin, PKG: pkg, TMP: tmp, PG_ETC_DIR: etc, DEBIAN: machine.debian ? "1" : "0" };
  if (machine.postgres !== "absent") spawnSync(which("bash"), ["--norc", "-c", installPostgres], { env });
  if (machine.postgres === "no-cluster") rmSync(path.join(etc, "15/main"), { recursive: true });
  if (machine.rabbitmq !== "absent") spawnSync(which("bash"), ["--norc", "-c", installRabbitmq], { env });
  if (machine.postgres === "running") writeFileSync(path.join(state, "port.5432"), "");
  if (machine.rabbitmq === "running") writeFileSync(path.join(state, "port.5672"), "");

  const calls = path.join(tmp, "calls");
  writeFileSync(calls, "");
  const script = `source scripts/lib.sh
PG_ETC="$PG_ETC_DIR"; SBIN="$TMP/sbin"
port_open() { [ -f "$STATE/port.$1" ]; }
is_debian() { [ "$DEBIAN" = 1 ]; }
sleep() { :; }
ensure_services ${opts.args ?? ""}`;
  const r = spawnSync(which("bash"), ["--norc", "--noprofile", "-c", script], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: ROOT,
    encoding: "utf8",
    env: { ...env, ...opts.env, CALLS: calls },
  });
  const hba = path.join(etc, "15/main/pg_hba.conf");
  const result = {
    status: r.status,
    stderr: r.stderr,
    calls: readFileSync(calls, "utf8").trim().split("\n").filter(Boolean),
    hba: existsSync(hba) ? readFileSync(hba, "utf8") : undefined,
    open: ["5432", "5672"].filter((p) => existsSync(path.join(state, `port.${p}`))),
  };
  rmSync(tmp, { recursive: true, force: true });
  return result;
}

describe("scripts/lib.sh ensure_services", () => {
  test("when a bare Debian machine has neither PostgreSQL nor RabbitMQ, then both are installed from Debian's packages, PostgreSQL trusts loopback for postgres, and both are started", () => {
    const r = run({ debian: true, postgres: "absent", rabbitmq: "absent" });
    expect(r.stderr).not.toMatch(/cannot access|command not found/);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      "apt-get update -qq",
      "apt-get install -y -qq postgresql",
      "pg_ctlcluster --skip-systemctl-redirect 15 main start",
      "apt-get install -y -qq rabbitmq-server",
      "rabbitmq-server -detached",
    ]);
    expect(r.hba!.split("\n").slice(0, 3)).toEqual([
      "host all postgres 127.0.0.1/32 trust",
      "host all postgres ::1/128 trust",
      "local all postgres peer",
    ]);
    expect(r.open).toEqual(["5432", "5672"]);
  });

  test("when both are installed but stopped (this machine kind after a reboot), then they are started and nothing is installed or reconfigured", () => {
    const r = run({ debian: true, postgres: "stopped", rabbitmq: "stopped" });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(["pg_ctlcluster --skip-systemctl-redirect 15 main start", "rabbitmq-server -detached"]);
    expect(r.hba).toBe("local all postgres peer\n");
  });

  test("when PostgreSQL is installed but has no cluster, then one is created, trusts loopback for postgres and is started", () => {
    const r = run({ debian: true, postgres: "no-cluster", rabbitmq: "running" });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(["pg_createcluster 15 main", "pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
    expect(r.hba).toBe("host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\nlocal all postgres peer\n");
  });

  test("when both already run, then nothing is touched", () => {
    const r = run({ debian: true, postgres: "running", rabbitmq: "running" });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
  });

  test("when the machine is not Debian and PostgreSQL is missing, then it stops with what to install and the docker compose alternative, and installs nothing", () => {
    const r = run({ debian: false, postgres: "absent", rabbitmq: "running" });
    expect(r.status).toBe(1);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toMatch(/PostgreSQL is not running on 127\.0\.0\.1/);
    expect(r.stderr).toMatch(
      /Install PostgreSQL 15 or newer listening on 127\.0\.0\.1:5432 with trust authentication for the user postgres/,
    );
    expect(r.stderr).toMatch(/docker compose up -d --build/);
  });

  test("when the machine is not Debian and only RabbitMQ is missing, then PostgreSQL is started and the message names RabbitMQ", () => {
    const r = run({ debian: false, postgres: "stopped", rabbitmq: "absent" });
    expect(r.status).toBe(1);
    expect(r.calls).toEqual(["pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
    expect(r.stderr).toMatch(/RabbitMQ is not running on 127\.0\.0\.1.*\n.*Install RabbitMQ 3\.10 or newer/);
  });

  const remote = {
    GATEWAY_DATABASE_URL: "postgresql://app:pw@db.example.com:5432/preprint_gateway",
    RESERVATION_DATABASE_URL: "postgresql://app:pw@db.example.com:5432/preprint_reservation",
    PAYMENT_DATABASE_URL: "postgresql://app:pw@10.0.0.5:5432/preprint_payment",
    NOTIFICATION_DATABASE_URL: "postgresql://app:pw@[2001:db8::5]:5432/preprint_notification",
    PRINTING_DATABASE_URL: "postgresql://app:pw@db.example.com:5432/preprint_printing",
    AMQP_URL: "amqp://app:pw@rabbit.example.com:5672",
  };

  test.each([true, false])(
    "when every database and broker setting points at another machine (debian: %s), then nothing is installed or started and it goes on",
    (debian) => {
      const r = run({ debian, postgres: "absent", rabbitmq: "absent" }, { env: remote });
      expect(r.status).toBe(0);
      expect(r.calls).toEqual([]);
      expect(r.open).toEqual([]);
    },
  );

  test("when one database is on this machine and the broker elsewhere, then only PostgreSQL is set up", () => {
    const r = run(
      { debian: true, postgres: "stopped", rabbitmq: "absent" },
      { env: { ...remote, PAYMENT_DATABASE_URL: "postgresql://postgres@localhost:5432/preprint_payment" } },
    );
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(["pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
  });

  test("when the tests' admin database is elsewhere but AMQP_URL is unset, then only RabbitMQ is set up (the test and bench scripts' arguments)", () => {
    const r = run(
      { debian: true, postgres: "absent", rabbitmq: "stopped" },
      {
        args: "PREPRINT_TEST_ADMIN_DATABASE_URL",
        env: {
          PREPRINT_TEST_ADMIN_DATABASE_URL: "postgres://postgres@db.example.com:5432/postgres",
          GATEWAY_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
        },
      },
    );
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(["rabbitmq-server -detached"]);
  });

  test("when it runs as a user, then root's commands go through sudo -n (a missing password is a failure, never a prompt)", () => {
    const r = run({ debian: true, postgres: "absent", rabbitmq: "running" }, { user: true });
    expect(r.stderr).not.toMatch(/sudo would prompt/);
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.startsWith("sudo"))).toEqual([
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql",
      expect.stringMatching(/^sudo -n sed -i /),
      "sudo -n pg_ctlcluster --skip-systemctl-redirect 15 main start",
    ]);
  });
});

describe("scripts that set up the machine", () => {
  const lines = (f: string) =>
    readFileSync(path.join(ROOT, "scripts", f), "utf8")
      .split("\n")
      .map((l) => l.trim());
  test("when start.sh runs, then it reads .env before it decides which local services it needs", () => {
    const l = lines("start.sh");
    expect(l.indexOf("ensure_env_file")).toBeGreaterThan(-1);
    expect(l.indexOf("ensure_env_file")).toBeLessThan(l.indexOf("ensure_services"));
  });
  test.each(["test.sh", "bench.sh"])(
    "when %s runs, then it decides on the admin database its suites use (PREPRINT_TEST_ADMIN_DATABASE_URL) and AMQP_URL",
    (f) => {
      expect(lines(f)).toContain("ensure_services PREPRINT_TEST_ADMIN_DATABASE_URL");
    },
  );
});
