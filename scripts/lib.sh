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

# Start PostgreSQL and RabbitMQ if they are down (the commands this machine kind uses; see
# docs/operations.md). On other machines, point the *_DATABASE_URL / AMQP_URL variables elsewhere.
ensure_services() {
  if ! port_open 5432; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    wait_port 5432 30 || { echo "PostgreSQL did not start" >&2; exit 1; }
  fi
  if ! port_open 5672; then
    log "starting RabbitMQ"
    rabbitmq-server -detached
    wait_port 5672 60 || { echo "RabbitMQ did not start" >&2; exit 1; }
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || { echo "could not install chromium (apt-get install -y chromium)" >&2; exit 1; }
  fi
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
    log "installing ${missing[*]} from Debian for the benchmark"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null) \
      || { echo "could not install ${missing[*]} (apt-get install -y nginx wrk)" >&2; exit 1; }
  fi
  # the Debian package starts a system nginx on :80; the benchmark runs its own on a free port
  export PATH="$PATH:/usr/sbin"
}
