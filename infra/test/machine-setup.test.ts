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

function run(machine: Machine) {
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
  // root: as_root runs commands directly
  writeFileSync(path.join(bin, "id"), `#!${which("bash")}\necho 0\n`);
  chmodSync(path.join(bin, "id"), 0o755);
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
ensure_services`;
  const r = spawnSync(which("bash"), ["--norc", "--noprofile", "-c", script], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: ROOT,
    encoding: "utf8",
    env: { ...env, CALLS: calls },
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
    expect(r.hba!.split("\n").slice(0, 3)).toEqual(["host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust", "local all postgres peer"]);
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
    expect(r.stderr).toMatch(/Install PostgreSQL 15 or newer listening on 127\.0\.0\.1:5432 with trust authentication for the user postgres/);
    expect(r.stderr).toMatch(/docker compose up -d --build/);
  });

  test("when the machine is not Debian and only RabbitMQ is missing, then PostgreSQL is started and the message names RabbitMQ", () => {
    const r = run({ debian: false, postgres: "stopped", rabbitmq: "absent" });
    expect(r.status).toBe(1);
    expect(r.calls).toEqual(["pg_ctlcluster --skip-systemctl-redirect 15 main start"]);
    expect(r.stderr).toMatch(/RabbitMQ is not running on 127\.0\.0\.1.*\n.*Install RabbitMQ 3\.10 or newer/);
  });
});
