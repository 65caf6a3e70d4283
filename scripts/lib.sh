# Shared helpers for the set-up, test and bench scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CHECKPOINT_DISABLE=1
PNPM_VERSION="$(node -p 'require("./package.json").packageManager.split("@")[1]')"

log() { printf '\033[1m▸ %s\033[0m\n' "$*"; }

ensure_pnpm() {
  if ! command -v pnpm >/dev/null || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION (the version pinned in package.json)"
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds
  for _ in $(seq 1 "$2"); do port_open "$1" && return 0; sleep 1; done
  return 1
}

die() { printf '%s\n' "$*" >&2; exit 1; }

# Root, or sudo when it needs no password: installing and starting system services needs it. Never
# a password prompt: these scripts run unattended (CI) as often as at a terminal.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then
    sudo -n "$@" || { echo "needs root: run it as root, or allow sudo without a password, or run it yourself: $*" >&2; return 1; }
  else echo "needs root (or sudo): $*" >&2; return 1
  fi
}

is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }

# Debian's packages, non-interactively (one apt-get update per run)
APT_UPDATED=""
apt_install() {
  log "installing $* from Debian's packages"
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Where a service cannot be installed for the user: say exactly what to do instead.
missing_service() { # name, what to install
  die "$1 is not running on 127.0.0.1 and this machine is not Debian, so it was not installed for you.
Install $2,
or point the variables in .env (see .env.example) at servers you have,
or run the whole system in containers instead: docker compose up -d --build (docs/operations.md)."
}

# Debian keeps server programs in /usr/sbin, which a non-root PATH often lacks
SBIN=/usr/sbin
PG_ETC=/etc/postgresql
pg_version() { { ls "$PG_ETC" 2>/dev/null || true; } | sort -V | tail -n 1; }

# PostgreSQL on 127.0.0.1:5432, user postgres without a password (what .env.example expects).
# Installed from Debian's package when missing; only a cluster installed or created here gets trust
# for loopback connections of the user postgres (an existing cluster's authentication is left alone).
ensure_postgres() {
  port_open 5432 && return 0
  local fresh=""
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(pg_version)" ]; then
    is_debian || missing_service PostgreSQL "PostgreSQL 15 or newer listening on 127.0.0.1:5432 with trust authentication for the user postgres"
    apt_install postgresql || die "could not install PostgreSQL (as root: apt-get install -y postgresql)"
    fresh=1
  fi
  local v
  v="$(pg_version)"
  [ -n "$v" ] || die "PostgreSQL is installed but $PG_ETC has no version folder (as root: pg_createcluster <version> main)"
  if [ ! -f "$PG_ETC/$v/main/pg_hba.conf" ]; then
    as_root pg_createcluster "$v" main >/dev/null || die "could not create the PostgreSQL cluster (as root: pg_createcluster $v main)"
    fresh=1
  fi
  if [ -n "$fresh" ]; then
    log "PostgreSQL $v: trusting loopback connections of the user postgres (a development machine)"
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$PG_ETC/$v/main/pg_hba.conf"
  fi
  if port_open 5432; then
    # the package started it before the trust lines were written
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main reload
  else
    log "starting PostgreSQL $v"
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start || die "could not start PostgreSQL (as root: pg_ctlcluster $v main start)"
  fi
  wait_port 5432 30 || die "PostgreSQL did not open 127.0.0.1:5432 (its log: /var/log/postgresql/)"
}

# RabbitMQ on 127.0.0.1:5672 with its default guest/guest (allowed from loopback only).
ensure_rabbitmq() {
  port_open 5672 && return 0
  if ! command -v rabbitmq-server >/dev/null && [ ! -x "$SBIN/rabbitmq-server" ]; then
    is_debian || missing_service RabbitMQ "RabbitMQ 3.10 or newer listening on 127.0.0.1:5672 with its default guest/guest user"
    apt_install rabbitmq-server || die "could not install RabbitMQ (as root: apt-get install -y rabbitmq-server)"
  fi
  if ! port_open 5672; then
    log "starting RabbitMQ"
    as_root env PATH="$PATH:$SBIN" rabbitmq-server -detached || die "could not start RabbitMQ (as root: rabbitmq-server -detached)"
  fi
  wait_port 5672 90 || die "RabbitMQ did not open 127.0.0.1:5672 (its log: /var/log/rabbitmq/)"
}

# Whether a connection URL names this machine; unset or empty is the local default.
is_local_url() {
  local h="${1#*://}"
  [ -n "$1" ] || return 0
  h="${h%%/*}"; h="${h%%\?*}"; h="${h##*@}"
  case "$h" in
    \[*) h="${h#[}"; h="${h%%]*}" ;;
    *) h="${h%%:*}" ;;
  esac
  case "$h" in localhost | 127.* | ::1 | "") return 0 ;; *) return 1 ;; esac
}

# Whether any of the named variables (as set in the environment now) wants a local server.
wants_local() {
  local v
  for v in "$@"; do is_local_url "${!v-}" && return 0; done
  return 1
}

# PostgreSQL and RabbitMQ, started (and on Debian installed) when their ports are closed; see
# docs/operations.md §1. Only when the settings point at this machine (or are unset): a database or
# broker elsewhere is used as it is. Arguments: the variables naming databases (default: the
# services'); AMQP_URL names the broker. Read them into the environment first (.env: start.sh).
ensure_services() {
  local dbs=("$@")
  [ ${#dbs[@]} -gt 0 ] || dbs=(GATEWAY_DATABASE_URL RESERVATION_DATABASE_URL PAYMENT_DATABASE_URL NOTIFICATION_DATABASE_URL)
  if wants_local "${dbs[@]}"; then ensure_postgres; else log "PostgreSQL: not on this machine (${dbs[*]}), nothing to start"; fi
  if wants_local AMQP_URL; then ensure_rabbitmq; else log "RabbitMQ: not on this machine (AMQP_URL), nothing to start"; fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    is_debian || die "the browser tests need Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium)"
    apt_install chromium || die "could not install chromium (as root: apt-get install -y chromium)"
  fi
}

# A real IPP printer (CUPS's ippeveprinter, Debian's cups-ipp-utils) for the print agent's tests
# and the demo store. It needs a D-Bus system bus and avahi running even with DNS-SD off, and an
# IPv6 loopback (::1); both daemons are started here when they are not running.
ensure_ipp_printer() {
  export PATH="$PATH:$SBIN"
  if ! command -v ippeveprinter >/dev/null || ! command -v avahi-daemon >/dev/null || ! command -v dbus-daemon >/dev/null; then
    is_debian || die "the print agent's tests and the demo printer need CUPS's ippeveprinter, D-Bus and avahi (Debian: apt-get install -y cups-ipp-utils avahi-daemon dbus)"
    apt_install cups-ipp-utils avahi-daemon dbus || die "could not install ippeveprinter (as root: apt-get install -y cups-ipp-utils avahi-daemon dbus)"
  fi
  if [ ! -S /run/dbus/system_bus_socket ] || ! pgrep -x dbus-daemon >/dev/null; then
    log "starting the D-Bus system bus (ippeveprinter needs it)"
    as_root mkdir -p /run/dbus
    as_root rm -f /run/dbus/pid
    as_root dbus-daemon --system --fork || die "could not start D-Bus (as root: mkdir -p /run/dbus; dbus-daemon --system --fork)"
  fi
  if ! avahi-daemon --check 2>/dev/null; then
    log "starting avahi (ippeveprinter needs it even with DNS-SD off)"
    as_root avahi-daemon --daemonize --no-drop-root || die "could not start avahi (as root: avahi-daemon --daemonize --no-drop-root)"
  fi
  grep -qs ' lo$' /proc/net/if_inet6 || log "warning: no IPv6 loopback (::1): ippeveprinter may not start"
}

# The demo store's printer: ippeveprinter on DEMO_PRINTER_PORT (default 8631), taking PDF, duplex
# and colour, keeping every printed PDF under var/demo-printer/spool and a line per job in
# var/demo-printer/printed.log. The print agent reaches it as ipp://127.0.0.1:PORT/ipp/print.
# Started in the background once; stop_demo_printer ends it.
DEMO_PRINTER_DIR="$ROOT/var/demo-printer"
start_demo_printer() {
  ensure_ipp_printer
  local port="${DEMO_PRINTER_PORT:-8631}"
  if port_open "$port"; then
    log "demo printer: port $port is already open (a demo printer from an earlier start?); using it"
    return 0
  fi
  mkdir -p "$DEMO_PRINTER_DIR/spool"
  log "starting the demo printer at ipp://127.0.0.1:$port/ipp/print"
  DEMO_PRINTER_LOG="$DEMO_PRINTER_DIR/printed.log" nohup ippeveprinter -p "$port" -r off -f application/pdf -2 -s 10,10 -k \
    -c "$ROOT/scripts/demo-printer-command.sh" -d "$DEMO_PRINTER_DIR/spool" "preprint demo printer" \
    > "$DEMO_PRINTER_DIR/ippeveprinter.log" 2>&1 &
  echo $! > "$DEMO_PRINTER_DIR/pid"
  wait_port "$port" 15 || die "the demo printer did not open port $port (its log: $DEMO_PRINTER_DIR/ippeveprinter.log)"
}

stop_demo_printer() {
  [ -f "$DEMO_PRINTER_DIR/pid" ] || return 0
  kill "$(cat "$DEMO_PRINTER_DIR/pid")" 2>/dev/null || true
  rm -f "$DEMO_PRINTER_DIR/pid"
}

install_deps() {
  log "installing dependencies"
  CI=true pnpm install --frozen-lockfile
}

# .env with random dev secrets, made once from .env.example
ensure_env_file() {
  if [ ! -f .env ]; then
    log "writing .env from .env.example with random dev secrets"
    rand() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('base64url'))"; }
    sed -e "s|^JWT_SECRET=.*|JWT_SECRET=$(rand 48)|" \
        -e "s|^INTERNAL_JWT_SECRET=.*|INTERNAL_JWT_SECRET=$(rand 48)|" \
        -e "s|^PORTONE_API_SECRET=.*|PORTONE_API_SECRET=sandbox-$(rand 24)|" \
        -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(rand 24)|" \
        -e "s|^RABBITMQ_PASSWORD=.*|RABBITMQ_PASSWORD=$(rand 24)|" \
        -e "s|^PORTONE_WEBHOOK_SECRET=.*|PORTONE_WEBHOOK_SECRET=whsec_$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))")|" \
        .env.example > .env
  fi
  set -a; . ./.env; set +a
}

# Each service's database: create if missing, apply migrations.
migrate_all() {
  log "applying migrations"
  for app in apps/*/; do
    if node -e "process.exit(require('./${app}package.json').scripts?.['migrate:deploy'] ? 0 : 1)"; then
      pnpm --dir "$app" run -s migrate:deploy
    fi
  done
}

# wrk (load generator) and nginx (the reference proxy) for pnpm bench, from Debian when missing.
ensure_bench_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install nginx wrk || die "could not install ${missing[*]} (apt-get install -y nginx wrk)"
  fi
  # the Debian package starts a system nginx on :80; the benchmark runs its own on a free port
  export PATH="$PATH:/usr/sbin"
}
